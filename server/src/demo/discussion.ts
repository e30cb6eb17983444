/**
 * Comment threads in the demo's past, started, answered and resolved through the same
 * functions as the comment routes, stamped with their time; a thread about the
 * specification's text is anchored by the server in the document's log, as the route
 * does it.
 */
import * as buffer from 'lib0/buffer';
import * as Y from 'yjs';
import type { MentionRef, ThreadSubject } from '../../../shared/comments.js';
import type { Queries } from '../db/queries.js';
import { anchorUpdate, resolveSelection } from '../comments/anchor.js';
import { createThread, reply, setResolved } from '../comments/threads.js';
import { newId } from '../ids.js';
import type { Membership } from '../procurements/access.js';
import type { DocumentLog } from './document-log.js';
import { textWith } from './specification.js';
import { dbAt } from './when.js';

/** How long after a thread is stored its anchor is in the document (ms). */
const anchoringMs = 300;

export class Discussion {
  constructor(
    private readonly db: Queries,
    private readonly log: DocumentLog,
  ) {}

  /** `member` comments at `at` on `words` of the specification; returns the thread's id. */
  async onText(member: Membership, at: number, words: string, body: string, mentions: MentionRef[] = []): Promise<string> {
    const { text, at: index } = textWith(this.log.doc, words);
    const position = (i: number) => buffer.toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, i)));
    const selection = resolveSelection(this.log.doc, position(index), position(index + words.length));
    if (!selection) throw new Error(`“${words}” cannot be commented on.`);
    const id = newId();
    await createThread(dbAt(this.db, at), member, { id, subject: { kind: 'specification' }, quote: selection.quote, body, mentions });
    await this.log.byServer(anchorUpdate(this.log.doc, selection, id), at + anchoringMs);
    return id;
  }

  /** `member` comments at `at` on a whole item (an option of a decision, an activity), quoting its title. */
  async onItem(
    member: Membership,
    at: number,
    subject: Exclude<ThreadSubject, { kind: 'specification' }>,
    quote: string,
    body: string,
  ): Promise<string> {
    const id = newId();
    await createThread(dbAt(this.db, at), member, { id, subject, quote, body, mentions: [] });
    return id;
  }

  async reply(member: Membership, at: number, threadId: string, body: string, mentions: MentionRef[] = []): Promise<void> {
    await reply(dbAt(this.db, at), member, threadId, { body, mentions });
  }

  async resolve(member: Membership, at: number, threadId: string): Promise<void> {
    await setResolved(dbAt(this.db, at), member, threadId, true);
  }
}
