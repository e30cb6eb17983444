/**
 * The edit history API. Every member may browse it; naming a version and restoring need
 * edit rights; signing off needs a borough lead. History is first brought up to the end
 * of the log (see recorder.ts), so a read never misses a change.
 */
import { Hono, type Context } from 'hono';
import * as Y from 'yjs';
import { nameVersionRequest, restoreRequest, signOffRequest, timelineQuery, withdrawSignoffRequest } from '../../../shared/history.js';
import { recordAudit } from '../audit.js';
import { Conflict, Invalid } from '../errors.js';
import { idParam } from '../http/params.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { readBody } from '../http/validate.js';
import { requirePermission } from '../procurements/access.js';
import type { Services } from '../services.js';
import { Comparer } from './compare.js';
import { namedVersions, nameVersion, signOff, specificationHash, withdrawSignoff } from './named.js';
import { encodeVersion, snapshotAt, versionAt } from './reconstruct.js';
import type { HistoryRecorder } from './recorder.js';
import { restoreUpdate } from './restore.js';
import { entryLabels, peopleById, timeline } from './timeline.js';

export function historyRoutes(services: Services, recorder: HistoryRecorder): Hono<ScopedEnv> {
  const { db, engine } = services;
  const routes = new Hono<ScopedEnv>();

  /** The member and procurement of a history request, with history caught up. */
  const open = async (c: Context<ScopedEnv>) => {
    const member = membershipOf(c);
    await recorder.catchUp(member.procurementId);
    return { member, id: member.procurementId };
  };
  const { store } = services;

  const seqParam = (value: string | undefined, latest: number): number => {
    const seq = Number(value);
    if (!Number.isInteger(seq) || seq < 0 || seq > latest)
      throw new Invalid(`Choose a version between 0 and ${latest}.`, { seq: 'No such version' });
    return seq;
  };

  /** Reads the document as it was at `seq`, cut out of the current one. */
  const atVersion = async <T>(id: string, seq: number, read: (doc: Y.Doc) => T): Promise<T> => {
    const snapshot = await snapshotAt(db, id, seq);
    return engine.readDocument(id, (current) => {
      const doc = versionAt(current, snapshot);
      try {
        return read(doc);
      } finally {
        doc.destroy();
      }
    });
  };

  routes.get('/', async (c) => {
    const { id } = await open(c);
    const parsed = timelineQuery.safeParse(c.req.query());
    if (!parsed.success) throw new Invalid(parsed.error.issues[0]?.message ?? 'The filters are not valid.');
    const labels = await engine.readDocument(id, entryLabels);
    return c.json(await timeline(db, id, parsed.data, labels, await store.latestSeq(id)));
  });

  routes.get('/state/:seq', async (c) => {
    const { id } = await open(c);
    const seq = seqParam(c.req.param('seq'), await store.latestSeq(id));
    const snapshot = await snapshotAt(db, id, seq);
    const state = await engine.readDocument(id, (current) => encodeVersion(current, snapshot));
    // A version never changes; the body is a Yjs update in the V2 encoding.
    return c.body(state as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.yjs.update-v2',
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });

  routes.get('/compare', async (c) => {
    const { id } = await open(c);
    const latest = await store.latestSeq(id);
    const from = seqParam(c.req.query('from'), latest);
    // Without `to`, compare with now.
    const to = c.req.query('to') ? seqParam(c.req.query('to'), latest) : latest;
    if (from >= to) throw new Invalid('Compare an earlier version with a later one.');
    const comparer = new Comparer(db, id, from, to);
    await comparer.load();
    const comparison = await engine.readDocument(id, (current) => comparer.compare(current));
    await comparer.attribute(store, comparison);
    const authorIds = new Set<string | null>();
    for (const block of comparison.specification) for (const run of block.runs) if (run.change) authorIds.add(run.change.authorId);
    comparison.people = [...(await peopleById(db, id, [...authorIds])).values()].filter((p) => authorIds.has(p.id));
    return c.json(comparison);
  });

  /** The named versions with their sign-offs, as the page shows them. */
  const namedNow = async (id: string) => {
    const current = await engine.readDocument(id, specificationHash);
    return { ...(await namedVersions(db, id, () => current)), latestSeq: await store.latestSeq(id) };
  };

  routes.get('/named', async (c) => {
    const { id } = await open(c);
    return c.json(await namedNow(id));
  });

  routes.post('/named', async (c) => {
    const { member, id } = await open(c);
    // Rebuilding a version is expensive: nobody who may not name one gets that far.
    requirePermission(member, 'nameVersion');
    const body = await readBody(c, nameVersionRequest);
    const hash = await atVersion(id, seqParam(String(body.seq), await store.latestSeq(id)), specificationHash);
    const named = await nameVersion(db, member, body, () => hash);
    services.notify(id, { type: 'versions-changed' });
    return c.json(named, 201);
  });

  routes.post('/named/:namedId/signoff', async (c) => {
    const { member, id } = await open(c);
    requirePermission(member, 'speakForBorough');
    const body = await readBody(c, signOffRequest);
    await signOff(db, member, idParam(c, 'namedId', 'That named version was not found.'), body);
    services.notify(id, { type: 'versions-changed' });
    return c.json(await namedNow(id), 201);
  });

  routes.post('/named/:namedId/signoff/withdraw', async (c) => {
    const { member, id } = await open(c);
    requirePermission(member, 'speakForBorough');
    const body = await readBody(c, withdrawSignoffRequest);
    await withdrawSignoff(db, member, idParam(c, 'namedId', 'That named version was not found.'), body);
    services.notify(id, { type: 'versions-changed' });
    return c.json(await namedNow(id));
  });

  routes.post('/restore', async (c) => {
    const { member, id } = await open(c);
    requirePermission(member, 'restore');
    const { seq } = await readBody(c, restoreRequest);
    seqParam(String(seq), await store.latestSeq(id));
    const snapshot = await snapshotAt(db, id, seq);
    const update = await engine.readDocument(id, (current) => {
      const target = versionAt(current, snapshot);
      try {
        return restoreUpdate(Y.encodeStateAsUpdate(current), target);
      } finally {
        target.destroy();
      }
    });
    if (!update) throw new Conflict('The document is already the same as that version.');
    // The restore goes on record in the same transaction as the change it makes.
    await engine.submit(id, update, member.user.id, { reason: 'restore', restoreOf: seq }, (tx, change) =>
      recordAudit(tx, {
        procurementId: id,
        actorId: member.user.id,
        action: 'specification.restored',
        detail: { restoredTo: seq, change },
      }),
    );
    await recorder.catchUp(id);
    services.notify(id, { type: 'versions-changed' });
    return c.json({ restoredTo: seq, latestSeq: await store.latestSeq(id) });
  });

  return routes;
}
