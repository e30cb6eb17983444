/**
 * Other people in the document while the browser types: real y-websocket clients through
 * the server, each signed in as its own person. Typists type into their own requirement
 * (two of them a few requirements from the measured browser's caret, the rest spread
 * through the document) and move their cursor with every keystroke, as an editor does;
 * the others are present with their cursor somewhere in the text.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { requirementElements, specificationOf } from '../../../shared/doc-layout.js';
import { webSocketWithHeaders } from '../../../server/test/support/clients.js';
import { seededRandom } from '../stats.js';
import type { BenchSetup, Person } from './setup.js';

export interface CrowdOptions {
  typists: number;
  /** People present who do not type. */
  present: number;
  /** Keystrokes per second of each typist. */
  perSecond: number;
}

export interface Crowd {
  /** Keystrokes the typists have made so far. */
  readonly keystrokes: number;
  stop(): void;
}

/** A person in a procurement's live document, through the server. */
export interface Member {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** Joins the procurement's live document as `person`; resolves once it has the document. */
export function joinLive(serverUrl: string, procurementId: string, person: Person): Promise<Member> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace('http', 'ws')}/collab`, procurementId, doc, {
    disableBc: true,
    WebSocketPolyfill: webSocketWithHeaders({ cookie: person.cookie, origin: serverUrl }) as unknown as typeof WebSocket,
  });
  provider.awareness.setLocalStateField('user', { name: person.user.name, borough: 'Camden', color: '#d4351c' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${person.user.name} could not join within 30 s`)), 30_000);
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve({ doc, provider });
    });
  });
}

/** The text of the `index`th requirement's first paragraph. */
function requirementText(doc: Y.Doc, index: number): Y.XmlText {
  const requirements = requirementElements(specificationOf(doc));
  const requirement = requirements[Math.max(0, Math.min(requirements.length - 1, index))]!;
  return (requirement.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function placeCursor(member: Member, text: Y.XmlText, offset: number): void {
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, offset)) as unknown;
  member.provider.awareness.setLocalStateField('cursor', { anchor: at, head: at });
}

/** Joins everyone (waiting until each has the document), then starts the typing. */
export async function startCrowd(setup: BenchSetup, options: CrowdOptions): Promise<Crowd> {
  const people = setup.others.slice(0, options.typists + options.present);
  if (people.length < options.typists + options.present) throw new Error('not enough people for this crowd');
  const members = await Promise.all(people.map((person) => joinLive(setup.server.url, setup.procurementId, person)));
  const count = requirementElements(specificationOf(members[0]!.doc)).length;
  const middle = Math.floor(count / 2);
  // Two typists near the measured caret (in view), the rest far from it.
  const typingAt = (i: number) => (i === 0 ? middle - 3 : i === 1 ? middle + 3 : Math.floor((count * (i + 1)) / (options.typists + 2)));
  members.forEach((member, i) => {
    const text = requirementText(member.doc, i < options.typists ? typingAt(i) : Math.floor((count * i) / members.length));
    placeCursor(member, text, Math.min(10, text.length));
  });

  let keystrokes = 0;
  const timers: NodeJS.Timeout[] = [];
  members.slice(0, options.typists).forEach((member, i) => {
    const random = seededRandom(1000 + i);
    const text = requirementText(member.doc, typingAt(i));
    let offset = Math.min(10, text.length);
    const typeOne = () => {
      if (random() < 0.1 && offset > 0) {
        text.delete(offset - 1, 1);
        offset--;
      } else {
        text.insert(offset, 'abcdefghijklmnopqrstuvwxyz '[Math.floor(random() * 27)]!);
        offset++;
      }
      placeCursor(member, text, offset);
      keystrokes++;
      // Unevenly spaced, as people type: between half and one and a half the mean gap.
      timers[i] = setTimeout(typeOne, (1000 / options.perSecond) * (0.5 + random()));
    };
    timers[i] = setTimeout(typeOne, random() * (1000 / options.perSecond));
  });

  return {
    get keystrokes() {
      return keystrokes;
    },
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      for (const member of members) {
        member.provider.destroy();
        member.doc.destroy();
      }
    },
  };
}
