/** A person who changed the document, in their colour, with name and borough. */
import type { Person } from '../../../../shared/history.js';

export function PersonLabel({ person }: { person: Person }) {
  return (
    <span className="app-person">
      <span className="app-person__swatch" style={{ background: person.colour }} aria-hidden="true" />
      <span>
        {person.name}
        {person.borough && `, ${person.borough}`}
      </span>
    </span>
  );
}
