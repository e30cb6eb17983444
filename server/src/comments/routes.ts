/**
 * Comment threads, mounted at /api/procurements/:id/comments. Every member reads and
 * comments. A thread about the specification's text is anchored by the server in the
 * live document as part of starting it: checked against the text as it is now, written
 * as the server (so a viewer needs no write access), and taken out again when the thread
 * goes. Everyone with the procurement open is told of each change.
 */
import { Hono, type Context } from 'hono';
import type * as Y from 'yjs';
import { commentRequest, createThreadRequest, type ThreadSubject, type ThreadTarget } from '../../../shared/comments.js';
import { decisionsOf, engagementOf } from '../../../shared/doc-layout.js';
import { AppError, Invalid } from '../errors.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { idParam } from '../http/params.js';
import { readBody } from '../http/validate.js';
import { newId } from '../ids.js';
import { requirePermission } from '../procurements/access.js';
import type { Services } from '../services.js';
import { anchorUpdate, removeAnchorUpdate, resolveSelection } from './anchor.js';
import { createThread, deleteComment, discardThread, editComment, getThread, listThreads, reply, setResolved } from './threads.js';

/** What a new thread is about, read from the document now; null when it is not there. */
function subjectIn(doc: Y.Doc, target: Exclude<ThreadTarget, { kind: 'text' }>): { subject: ThreadSubject; quote: string } | null {
  if (target.kind === 'engagement') {
    const entry = engagementOf(doc)
      .toArray()
      .find((e) => e.get('id') === target.entryId);
    if (!entry) return null;
    return { subject: target, quote: (entry.get('title') as Y.Text | undefined)?.toString() || 'An engagement activity' };
  }
  const decision = decisionsOf(doc)
    .toArray()
    .find((d) => d.get('id') === target.decisionId);
  const option = (decision?.get('options') as Y.Array<Y.Map<unknown>> | undefined)?.toArray().find((o) => o.get('id') === target.optionId);
  if (!option) return null;
  return { subject: target, quote: (option.get('title') as Y.Text | undefined)?.toString() || 'An option' };
}

export function commentRoutes(services: Services): Hono<ScopedEnv> {
  const { db, engine } = services;
  const routes = new Hono<ScopedEnv>();
  const threadId = (c: Context) => idParam(c, 'threadId', 'That comment thread was not found.');
  const commentId = (c: Context) => idParam(c, 'commentId', 'That comment was not found.');
  const changed = (procurementId: string, id: string) => {
    services.notify(procurementId, { type: 'comments-changed', threadId: id });
    void services.search.indexer.commentsChanged(procurementId, id);
  };

  routes.get('/', async (c) => c.json({ threads: await listThreads(db, membershipOf(c).procurementId) }));

  routes.get('/threads/:threadId', async (c) => c.json(await getThread(db, membershipOf(c).procurementId, threadId(c))));

  routes.post('/threads', async (c) => {
    const member = membershipOf(c);
    requirePermission(member, 'comment');
    const { target, body, mentions } = await readBody(c, createThreadRequest);
    const { procurementId } = member;
    const id = newId();
    if (target.kind !== 'text') {
      const found = await engine.readDocument(procurementId, (doc) => subjectIn(doc, target));
      if (!found) throw new Invalid('That activity or option is no longer there.', { target: 'Choose something that is still there' });
      const thread = await createThread(db, member, { id, ...found, body, mentions });
      changed(procurementId, id);
      return c.json(thread, 201);
    }
    // The selection is checked, and the anchor made, on one state of the document.
    const planned = await engine.readDocument(procurementId, (doc) => {
      const selection = resolveSelection(doc, target.start, target.end);
      return selection ? { quote: selection.quote, update: anchorUpdate(doc, selection, id) } : null;
    });
    if (!planned?.update) {
      throw new Invalid('Select some text of the specification to comment on.', { target: 'Select the text to comment on' });
    }
    const thread = await createThread(db, member, { id, subject: { kind: 'specification' }, quote: planned.quote, body, mentions });
    try {
      await engine.submit(procurementId, planned.update, null, { reason: 'comment-anchor', threadId: id });
    } catch {
      await discardThread(db, procurementId, id);
      throw new AppError(409, 'not_anchored', 'Your comment could not be attached to the text just now. Please try again.');
    }
    changed(procurementId, id);
    return c.json(thread, 201);
  });

  routes.post('/threads/:threadId/comments', async (c) => {
    const member = membershipOf(c);
    const id = threadId(c);
    const input = await readBody(c, commentRequest);
    const thread = await reply(db, member, id, input);
    changed(member.procurementId, id);
    return c.json(thread, 201);
  });

  routes.patch('/threads/:threadId/comments/:commentId', async (c) => {
    const member = membershipOf(c);
    const id = threadId(c);
    const input = await readBody(c, commentRequest);
    const thread = await editComment(db, member, id, commentId(c), input);
    changed(member.procurementId, id);
    return c.json(thread);
  });

  routes.delete('/threads/:threadId/comments/:commentId', async (c) => {
    const member = membershipOf(c);
    const id = threadId(c);
    const thread = await deleteComment(db, member, id, commentId(c));
    if (!thread) {
      // The thread went with its last comment: its highlight goes from the text too.
      const update = await engine.readDocument(member.procurementId, (doc) => removeAnchorUpdate(doc, id));
      if (update) await engine.submit(member.procurementId, update, null, { reason: 'comment-anchor', threadId: id });
    }
    changed(member.procurementId, id);
    return thread ? c.json(thread) : c.body(null, 204);
  });

  for (const [action, resolved] of [
    ['resolve', true],
    ['reopen', false],
  ] as const) {
    routes.post(`/threads/:threadId/${action}`, async (c) => {
      const member = membershipOf(c);
      const id = threadId(c);
      const thread = await setResolved(db, member, id, resolved);
      changed(member.procurementId, id);
      return c.json(thread);
    });
  }

  return routes;
}
