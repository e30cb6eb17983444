/** Who is here now: a name, borough, colour and initials per person (each tab of a person counted once). */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { initials } from '../../../shared/initials.js';
import { noPersonColour } from '../../../shared/presence.js';

interface Person {
  name: string;
  borough: string;
  color: string;
  initials: string;
}

/** The person a presence state says it is, as far as it says. */
function userOf(state: unknown): Partial<Pick<Person, 'name' | 'borough' | 'color'>> | undefined {
  return (state as { user?: Partial<Pick<Person, 'name' | 'borough' | 'color'>> } | undefined)?.user;
}

function peopleOf(awareness: Awareness): Person[] {
  const people = new Map<string, Person>();
  for (const [clientId, state] of awareness.getStates()) {
    const user = userOf(state);
    if (!user?.name) continue;
    const person = { name: user.name, borough: user.borough ?? '', color: user.color ?? noPersonColour, initials: initials(user.name) };
    people.set(clientId === awareness.clientID ? `me` : `${person.name}|${person.borough}`, person);
  }
  const me = people.get('me');
  people.delete('me');
  if (me) people.delete(`${me.name}|${me.borough}`);
  return [...(me ? [{ ...me, name: `${me.name} (you)` }] : []), ...people.values()];
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** How a presence is shown in the list: what a cursor move leaves alone. */
function looksOf(state: unknown): string {
  const user = userOf(state);
  return `${user?.name ?? ''}|${user?.borough ?? ''}|${user?.color ?? ''}`;
}

function sameOrNew(shown: Person[], now: Person[]): Person[] {
  const key = (people: Person[]) => people.map((p) => `${p.name}|${p.borough}|${p.color}`).join('\n');
  return key(shown) === key(now) ? shown : now;
}

/** The people here now, each in their colour with their initials beside it, themselves first. */
export function PresenceList({ awareness }: { awareness: Awareness }) {
  const [people, setPeople] = useState(() => peopleOf(awareness));
  useEffect(() => {
    // Cursors move on every keystroke, everyone's; the list changes only when people
    // come and go or change how they are shown, so a cursor move costs one look at who moved.
    const shownAs = new Map<number, string>();
    const update = ({ added, updated, removed }: AwarenessChange) => {
      let changed = added.length > 0 || removed.length > 0;
      for (const clientId of removed) shownAs.delete(clientId);
      for (const clientId of [...added, ...updated]) {
        const looks = looksOf(awareness.getStates().get(clientId));
        if (shownAs.get(clientId) !== looks) changed = true;
        shownAs.set(clientId, looks);
      }
      if (changed) setPeople((shown) => sameOrNew(shown, peopleOf(awareness)));
    };
    awareness.on('change', update);
    update({ added: [...awareness.getStates().keys()], updated: [], removed: [] });
    return () => awareness.off('change', update);
  }, [awareness]);
  return (
    <div>
      <h2 className="govuk-visually-hidden">People here now</h2>
      <ul className="app-presence" aria-label="People here now" data-testid="presence">
        {people.map((p, i) => (
          <li key={i} className="app-presence__person" style={{ ['--person-colour' as string]: p.color }}>
            {/* Initials as well as the colour: two people may look alike, or colour may not show. */}
            <span className="app-person__initials" aria-hidden="true">
              {p.initials}
            </span>
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
