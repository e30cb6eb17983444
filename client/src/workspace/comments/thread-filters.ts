/** Which threads the list shows: open or resolved, started by a borough, mine, mentioning me. */
import { mentionsPerson, type CommentThread, type ThreadSubject } from '../../../../shared/comments.js';

export interface ThreadFilter {
  status: 'open' | 'resolved';
  /** The starter's borough; empty for every borough. */
  boroughId: string;
  /** Started by me, or I commented. */
  mine: boolean;
  mentioningMe: boolean;
}

export const defaultFilter: ThreadFilter = { status: 'open', boroughId: '', mine: false, mentioningMe: false };

export interface Reader {
  id: string;
  boroughId: string;
}

export function isMine(thread: CommentThread, me: Reader): boolean {
  return thread.createdBy.id === me.id || thread.comments.some((c) => !c.deleted && c.author.id === me.id);
}

export function matchesFilter(thread: CommentThread, filter: ThreadFilter, me: Reader): boolean {
  if ((filter.status === 'resolved') !== (thread.resolved !== null)) return false;
  if (filter.boroughId && thread.createdBy.borough.id !== filter.boroughId) return false;
  if (filter.mine && !isMine(thread, me)) return false;
  if (filter.mentioningMe && !mentionsPerson(thread, me)) return false;
  return true;
}

/** Is the thread about this subject (the specification, or one activity or option)? */
export function isAbout(thread: CommentThread, subject: ThreadSubject): boolean {
  const about = thread.subject;
  if (about.kind !== subject.kind) return false;
  if (about.kind === 'engagement' && subject.kind === 'engagement') return about.entryId === subject.entryId;
  if (about.kind === 'decision-option' && subject.kind === 'decision-option') {
    return about.decisionId === subject.decisionId && about.optionId === subject.optionId;
  }
  return true;
}
