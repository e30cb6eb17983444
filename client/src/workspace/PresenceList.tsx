/** Who is here now: a name, borough and colour per person (each tab of a person counted once). */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';

interface Person {
  name: string;
  borough: string;
  color: string;
}

function peopleOf(awareness: Awareness): Person[] {
  const people = new Map<string, Person>();
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: Partial<Person> }).user;
    if (!user?.name) continue;
    const person = { name: user.name, borough: user.borough ?? '', color: user.color ?? '#505a5f' };
    people.set(clientId === awareness.clientID ? `me` : `${person.name}|${person.borough}`, person);
  }
  const me = people.get('me');
  people.delete('me');
  if (me) people.delete(`${me.name}|${me.borough}`);
  return [...(me ? [{ ...me, name: `${me.name} (you)` }] : []), ...people.values()];
}

export function PresenceList({ awareness }: { awareness: Awareness }) {
  const [people, setPeople] = useState(() => peopleOf(awareness));
  useEffect(() => {
    const update = () => setPeople(peopleOf(awareness));
    awareness.on('change', update);
    update();
    return () => awareness.off('change', update);
  }, [awareness]);
  return (
    <div>
      <h2 className="govuk-visually-hidden">People here now</h2>
      <ul className="app-presence" aria-label="People here now" data-testid="presence">
        {people.map((p, i) => (
          <li key={i} className="app-presence__person" style={{ ['--person-colour' as string]: p.color }}>
            <span>
              <strong>{p.name}</strong>
              {p.borough && <>, {p.borough}</>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
