/**
 * Who may do what, table by table: for every kind of member and every action in the
 * policy, what the server says they may do (`me.can`) and what its API lets them do.
 * The expected table is written out here by hand: it is the specification, and the
 * policy in shared/policy.ts must agree with it, as must every route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decisionsOf, specificationOf } from '../../shared/doc-layout.js';
import { actions, type Action } from '../../shared/policy.js';
import { newSuggestionId } from '../../shared/suggestions.js';
import type { ApiClient, ApiResponse } from './support/api.js';
import { CloseCode } from '../../shared/close-codes.js';
import { barrierOrClose, connectClient, waitForSync } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { inviteToProcurement } from './support/invitations.js';

let world: DemoWorld;
let path: string;
let decisionId: string;
let optionId: string;
/** A thread Hackney's lead started, for others to try resolving. */
let threadId: string;
const people = new Map<string, ApiClient & { id?: string }>();
let probeCount = 0;

/** The kinds of member, as the table names them. */
const kinds = [
  'Hackney owner and borough lead (lead borough)',
  'Hackney owner',
  'Camden editor and borough lead (partner)',
  'Camden editor (partner)',
  'Camden viewer (partner)',
  'Islington viewer (observer)',
] as const;
type Kind = (typeof kinds)[number];

/** The specification: what each kind of member may do. */
const allowed: Record<Kind, Action[]> = {
  'Hackney owner and borough lead (lead borough)': [...actions],
  'Hackney owner': actions.filter((a) => a !== 'speakForBorough' && a !== 'setDecisionStatus'),
  'Camden editor and borough lead (partner)': [
    'read',
    'export',
    'readRecord',
    'comment',
    'edit',
    'editSpecification',
    'suggest',
    'decideSuggestion',
    'resolveAnyThread',
    'setDecisionStatus',
    'nameVersion',
    'restore',
    'manageOwnBorough',
    'speakForBorough',
  ],
  'Camden editor (partner)': [
    'read',
    'export',
    'readRecord',
    'comment',
    'edit',
    'editSpecification',
    'suggest',
    'decideSuggestion',
    'resolveAnyThread',
    'nameVersion',
    'restore',
  ],
  'Camden viewer (partner)': ['read', 'export', 'readRecord', 'comment'],
  'Islington viewer (observer)': ['read', 'export', 'readRecord', 'comment'],
};
const allowedWithout = (kind: Kind, refused: Action[]) => allowed[kind].filter((action) => !refused.includes(action));

/** When the lead borough decides: partners suggest in the specification, and no longer decide. */
const allowedWhenLeadDecides: Record<Kind, Action[]> = {
  'Hackney owner and borough lead (lead borough)': allowed['Hackney owner and borough lead (lead borough)'],
  'Hackney owner': allowed['Hackney owner'],
  'Camden editor and borough lead (partner)': allowedWithout('Camden editor and borough lead (partner)', [
    'editSpecification',
    'decideSuggestion',
    'restore',
  ]),
  'Camden editor (partner)': allowedWithout('Camden editor (partner)', ['editSpecification', 'decideSuggestion', 'restore']),
  'Camden viewer (partner)': allowed['Camden viewer (partner)'],
  'Islington viewer (observer)': allowed['Islington viewer (observer)'],
};

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
  people.set('Hackney owner and borough lead (lead borough)', world.lead);
  people.set('Camden editor and borough lead (partner)', world.editor);
  people.set('Islington viewer (observer)', world.viewer);
  people.set('Hackney owner', await inviteToProcurement(world.lead, world.procurementId, 'second.owner@hackney.demo', 'owner'));
  people.set('Camden editor (partner)', await inviteToProcurement(world.editor, world.procurementId, 'plain.editor@camden.demo', 'editor'));
  people.set('Camden viewer (partner)', await inviteToProcurement(world.editor, world.procurementId, 'plain.viewer@camden.demo', 'viewer'));
  const reader = connectClient(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() });
  await waitForSync(reader);
  decisionId = decisionsOf(reader.doc).get(0).get('id') as string;
  optionId = (decisionsOf(reader.doc).get(0).get('options') as Y.Array<Y.Map<unknown>>).get(0).get('id') as string;
  reader.destroy();
  const started = await world.lead.post(`${path}/comments/threads`, {
    target: { kind: 'decision-option', decisionId, optionId },
    body: 'Is this the right option?',
  });
  threadId = started.body.id as string;
}, 60_000);
afterAll(async () => world.server.remove());

const refused = (response: ApiResponse) => response.status === 403;

/** Does a change `client` makes over the live connection reach the document log? */
async function writesLive(client: ApiClient & { id?: string }, change: (doc: Y.Doc, userId: string) => void): Promise<boolean> {
  const tab = connectClient(world.server.collabUrl, world.procurementId, { headers: client.liveHeaders() });
  try {
    await waitForSync(tab);
    const count = () => (world.server.db.sqlite.prepare('SELECT count(*) AS n FROM document_updates').get() as { n: number }).n;
    const before = count();
    const me = (await client.get('/api/me')).body as { user: { id: string } };
    change(tab.doc, me.user.id);
    // Someone who may only suggest is disconnected for anything else.
    const closed = await barrierOrClose(tab);
    if (closed) expect(closed.code).toBe(CloseCode.onlySuggestions);
    return count() > before;
  } finally {
    tab.destroy();
  }
}

/** The specification's first piece of text. */
function firstText(doc: Y.Doc): Y.XmlText {
  const search = (node: Y.XmlFragment | Y.XmlElement): Y.XmlText | null => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) return child;
      const inner = child instanceof Y.XmlElement ? search(child) : null;
      if (inner) return inner;
    }
    return null;
  };
  return search(specificationOf(doc))!;
}

/** A member of a borough other than `kind`'s, to try managing. */
const someoneElsewhere = (kind: Kind) =>
  kind.startsWith('Hackney') ? people.get('Camden viewer (partner)')! : people.get('Hackney owner')!;

/** Tries each action over the API (or the live connection) and says whether it was allowed. */
const probes: Record<Action, (client: ApiClient, kind: Kind) => Promise<boolean>> = {
  read: async (client) => (await client.get(path)).status === 200,
  export: async (client) => (await client.get(`${path}/export/decisions.md`)).status === 200,
  readRecord: async (client) => (await client.get(`${path}/record/download`)).status === 200,
  comment: async (client) =>
    !refused(
      await client.post(`${path}/comments/threads`, {
        target: { kind: 'decision-option', decisionId, optionId },
        body: `Probe ${++probeCount}`,
      }),
    ),
  // Someone else's thread: resolved and opened again by those allowed.
  resolveAnyThread: async (client) => {
    const resolved = await client.post(`${path}/comments/threads/${threadId}/resolve`);
    if (resolved.status === 200) await client.post(`${path}/comments/threads/${threadId}/reopen`);
    return !refused(resolved);
  },
  // Outside the specification (the rest of the workspace).
  edit: (client) => writesLive(client, (doc) => doc.getText('probe').insert(0, `edit ${++probeCount} `)),
  // Words typed straight into the specification.
  editSpecification: (client) => writesLive(client, (doc) => firstText(doc).insert(0, `edit ${++probeCount} `)),
  // Words proposed under one's own name (shared/suggestions.ts).
  suggest: (client) =>
    writesLive(client, (doc, userId) => {
      firstText(doc).insert(0, `suggestion ${++probeCount} `, { insertion: { id: newSuggestionId(userId, 0, `probe${probeCount}`) } });
    }),
  // Accepting a suggestion of Hackney's lead: its mark comes off its words.
  decideSuggestion: async (client) => {
    const words = `to decide ${++probeCount} `;
    await writesLive(world.lead, (doc, userId) => {
      firstText(doc).insert(0, words, { insertion: { id: newSuggestionId(userId, 0, `decide${probeCount}`) } });
    });
    return writesLive(client, (doc) => firstText(doc).format(0, words.length, { insertion: null }));
  },
  // Setting it as it is changes nothing, for those allowed to.
  chooseWhoDecides: async (client) => {
    const { leadDecides } = (await client.get(path)).body as { leadDecides: boolean };
    return !refused(await client.request('PUT', `${path}/who-decides`, { leadDecides }));
  },
  // Reopening a decision that is not superseded is a 409 for those allowed to try.
  setDecisionStatus: async (client) =>
    !refused(await client.request('PUT', `${path}/decisions/${decisionId}/status`, { change: 'reopen' })),
  nameVersion: async (client) => !refused(await client.post(`${path}/history/named`, { seq: 1, name: `Probe ${++probeCount}` })),
  // Restoring the latest version changes nothing (409) for those allowed to try.
  restore: async (client) => {
    const latest = (await client.get(`${path}/history/named`)).body.latestSeq as number;
    return !refused(await client.post(`${path}/history/restore`, { seq: latest }));
  },
  manageDetails: async (client) => {
    const summary = (await client.get(path)).body.summary as string;
    return !refused(await client.patch(path, { summary }));
  },
  // An unknown borough is a 400 for those allowed, after the check that refuses the rest.
  manageBoroughs: async (client) => !refused(await client.post(`${path}/boroughs`, { boroughId: 'nowhere', role: 'partner' })),
  manageAnyMember: async (client, kind) => {
    const target = someoneElsewhere(kind);
    const member = (await client.get(path)).body.members.find((m: { userId: string }) => m.userId === target.id);
    return !refused(await client.patch(`${path}/members/${target.id}`, { role: member.role }));
  },
  makeOwner: async (client) =>
    !refused(await client.post(`${path}/invitations`, { email: `probe${++probeCount}@hackney.demo`, role: 'owner' })),
  manageOwnBorough: async (client) => (await client.get(`${path}/invitations`)).status === 200,
  speakForBorough: async (client) =>
    !refused(await client.request('PUT', `${path}/decisions/${decisionId}/position`, { position: 'abstain', comment: '' })),
};

describe.each(kinds)('%s', (kind) => {
  it('is told exactly what the table allows', async () => {
    const can = (await people.get(kind)!.get(path)).body.me.can as Record<Action, boolean>;
    expect(Object.keys(can).sort()).toEqual([...actions].sort());
    for (const action of actions) expect(can[action], action).toBe(allowed[kind].includes(action));
  });

  it.each(actions)('the API allows "%s" exactly when the table does', async (action) => {
    expect(await probes[action](people.get(kind)!, kind)).toBe(allowed[kind].includes(action));
  });
});

describe('when partner boroughs suggest and the lead borough decides', () => {
  beforeAll(async () => {
    const turnedOn = await world.lead.request('PUT', `${path}/who-decides`, { leadDecides: true });
    expect(turnedOn.body.leadDecides).toBe(true);
  });
  afterAll(async () => world.lead.request('PUT', `${path}/who-decides`, { leadDecides: false }));

  it('refuses a setting that is not yes or no, and changes nothing', async () => {
    for (const body of [{ leadDecides: 'yes' }, {}, { leadDecides: true, extra: 1 }]) {
      const refused = await world.lead.request('PUT', `${path}/who-decides`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBeTruthy();
    }
    expect((await world.lead.get(path)).body.leadDecides).toBe(true);
  });

  describe.each(kinds)('%s', (kind) => {
    it('is told exactly what the table allows', async () => {
      const can = (await people.get(kind)!.get(path)).body.me.can as Record<Action, boolean>;
      for (const action of actions) expect(can[action], action).toBe(allowedWhenLeadDecides[kind].includes(action));
    });

    it.each(actions)('the API allows "%s" exactly when the table does', async (action) => {
      expect(await probes[action](people.get(kind)!, kind)).toBe(allowedWhenLeadDecides[kind].includes(action));
    });
  });
});

describe('someone not taking part', () => {
  it('gets 404 for every action, never 403: the procurement does not exist for them', async () => {
    for (const response of [
      await world.outsider.get(path),
      await world.outsider.get(`${path}/export/decisions.md`),
      await world.outsider.patch(path, { summary: 'x' }),
      await world.outsider.post(`${path}/history/named`, { seq: 1, name: 'x' }),
      await world.outsider.request('PUT', `${path}/decisions/${decisionId}/position`, { position: 'support', comment: '' }),
    ]) {
      expect(response.status).toBe(404);
    }
  });
});
