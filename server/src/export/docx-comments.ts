/**
 * Open comment threads as Word comments, for a borough's legal team reviewing the
 * specification in Word: each thread's comments are Word comments on the text the thread
 * is about (the replies threaded under the first), written "Name (Borough)" at their time.
 * A thread's range covers its text in the first paragraph it appears in (a Word comment
 * has one range).
 */
import { CommentRangeEnd, CommentRangeStart, CommentReference, Paragraph, TextRun, type ICommentsOptions, type ParagraphChild } from 'docx';
import type { CommentThread } from '../../../shared/comments.js';
import { initials } from '../../../shared/initials.js';
import type { Run } from './content.js';

export class WordComments {
  /** Each included thread's Word comment ids: the first comment's, then the replies'. */
  private readonly ids = new Map<string, number[]>();
  private readonly written = new Set<string>();
  private readonly threads: CommentThread[];

  constructor(threads: readonly CommentThread[]) {
    this.threads = threads.filter((t) => t.resolved === null && t.comments.some((c) => !c.deleted));
    let next = 1;
    for (const thread of this.threads) {
      this.ids.set(
        thread.id,
        thread.comments.filter((c) => !c.deleted).map(() => next++),
      );
    }
  }

  /** The first id past the comments': where other marks of the document may start numbering. */
  get nextId(): number {
    return 1 + [...this.ids.values()].reduce((n, ids) => n + ids.length, 0);
  }

  /**
   * Word runs with comment ranges around the runs that carry a thread: opened at its
   * first run, closed after its last run in this paragraph.
   */
  wrap(runs: Run[], write: (run: Run) => ParagraphChild[]): ParagraphChild[] {
    const children: ParagraphChild[] = [];
    const open: string[] = [];
    const close = (threadId: string) => {
      for (const id of this.ids.get(threadId) ?? []) children.push(new CommentRangeEnd(id));
      for (const id of this.ids.get(threadId) ?? []) children.push(new TextRun({ children: [new CommentReference(id)] }));
      open.splice(open.indexOf(threadId), 1);
    };
    for (const run of runs) {
      const here = (run.threads ?? []).filter((t) => this.ids.has(t));
      for (const threadId of [...open]) if (!here.includes(threadId)) close(threadId);
      for (const threadId of here) {
        if (open.includes(threadId) || this.written.has(threadId)) continue;
        this.written.add(threadId);
        open.push(threadId);
        for (const id of this.ids.get(threadId)!) children.push(new CommentRangeStart(id));
      }
      children.push(...write(run));
    }
    for (const threadId of [...open]) close(threadId);
    return children;
  }

  /** The comments part of the document: only threads whose text was written. */
  options(): ICommentsOptions {
    return {
      children: this.threads
        .filter((t) => this.written.has(t.id))
        .flatMap((thread) => {
          const ids = this.ids.get(thread.id)!;
          return thread.comments
            .filter((c) => !c.deleted)
            .map((comment, i) => ({
              id: ids[i]!,
              ...(i > 0 ? { parentId: ids[0]! } : {}),
              author: `${comment.author.name} (${comment.author.borough.name})`,
              initials: initials(comment.author.name),
              date: new Date(comment.createdAt),
              children: comment.body.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })),
            }));
        }),
    };
  }
}
