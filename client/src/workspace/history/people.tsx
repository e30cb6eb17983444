/**
 * A person who changed the document: their initials on their colour, then name and
 * borough. The comparison's marks carry the same initials (PersonInitials), so the
 * legend says whose they are and nothing rests on colour alone.
 */
import type { Person } from '../../../../shared/history.js';
import { initials } from '../../../../shared/initials.js';

/** The person's initials on their colour; hidden from screen readers, which hear the name instead. */
export function PersonInitials({ person, className }: { person: Pick<Person, 'name' | 'colour'>; className?: string }) {
  return (
    <span
      className={`app-person__initials${className ? ` ${className}` : ''}`}
      style={{ ['--person-colour' as string]: person.colour }}
      aria-hidden="true"
    >
      {initials(person.name)}
    </span>
  );
}

/** "PS — Priya Shah, Hackney", the initials on the person's colour. */
export function PersonLabel({ person }: { person: Person }) {
  return (
    <span className="app-person">
      <PersonInitials person={person} />
      <span>
        <span aria-hidden="true">— </span>
        {person.name}
        {person.borough && `, ${person.borough}`}
      </span>
    </span>
  );
}
