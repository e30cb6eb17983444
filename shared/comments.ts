/**
 * Comment threads: what people of the boroughs say about the text. A thread is about a
 * stretch of the specification's text (anchored by a `comment` mark the server writes
 * into the document, so the anchor travels with the text through edits, splits, moves,
 * undo and restores), or about a whole engagement activity or decision option. What is
 * said — text, author, borough, times, resolution, mentions — is kept in SQL; the
 * document holds only the anchor.
 */
import { z } from 'zod';

/** The mark that anchors a thread in the specification's text (attribute `threadId`). */
export const commentMarkName = 'comment';

export const commentBodyMax = 5000;

const body = z.string().trim().min(1, 'Write your comment').max(commentBodyMax, `Keep a comment to ${commentBodyMax} characters or fewer`);

const id = z.string().min(1).max(64);

/** `@Tom Okafor` or `@Camden`: chosen from the procurement's people and boroughs. */
export const mentionRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), id }).strict(),
  z.object({ kind: z.literal('borough'), id }).strict(),
]);
export type MentionRef = z.infer<typeof mentionRef>;

const mentionList = z.array(mentionRef).max(20, 'Mention 20 people or boroughs or fewer').default([]);

/** Base64 of a Yjs relative position (`Y.encodeRelativePosition`). */
const relativePosition = z
  .string()
  .min(4)
  .max(200)
  .regex(/^[A-Za-z0-9+/=]+$/, 'Not a position in the text');

export const threadTarget = z.discriminatedUnion('kind', [
  /** A stretch of the specification's text, from the selection's start to its end. */
  z.object({ kind: z.literal('text'), start: relativePosition, end: relativePosition }).strict(),
  z.object({ kind: z.literal('engagement'), entryId: id }).strict(),
  z.object({ kind: z.literal('decision-option'), decisionId: id, optionId: id }).strict(),
]);
export type ThreadTarget = z.infer<typeof threadTarget>;

export const createThreadRequest = z.object({ target: threadTarget, body, mentions: mentionList }).strict();
export type CreateThreadRequest = z.input<typeof createThreadRequest>;

export const commentRequest = z.object({ body, mentions: mentionList }).strict();
export type CommentRequest = z.input<typeof commentRequest>;

/** What a thread is about, as the panel shows it. */
export type ThreadSubject =
  { kind: 'specification' } | { kind: 'engagement'; entryId: string } | { kind: 'decision-option'; decisionId: string; optionId: string };

export interface CommentPerson {
  id: string;
  name: string;
  borough: { id: string; name: string };
}

export type Mention = { kind: 'person'; id: string; name: string } | { kind: 'borough'; id: string; name: string };

export interface ThreadComment {
  id: string;
  author: CommentPerson;
  /** Empty once deleted. */
  body: string;
  mentions: Mention[];
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface CommentThread {
  id: string;
  subject: ThreadSubject;
  /** The text it is about, as it was when the thread was started (or the item's title). */
  quote: string;
  createdBy: CommentPerson;
  createdAt: string;
  resolved: { by: CommentPerson; at: string } | null;
  comments: ThreadComment[];
}

export interface CommentThreads {
  threads: CommentThread[];
}

/** Does `thread` mention this person, directly or through their borough? */
export function mentionsPerson(thread: CommentThread, person: { id: string; boroughId: string }): boolean {
  return thread.comments.some(
    (c) =>
      !c.deleted &&
      c.mentions.some((m) => (m.kind === 'person' && m.id === person.id) || (m.kind === 'borough' && m.id === person.boroughId)),
  );
}

/** Something that needs a person: a mention of them (or their borough), or a reply in their thread. */
export interface ForYouItem {
  id: number;
  kind: 'mention' | 'reply' | 'suggestion-waiting' | 'suggestion-decided';
  procurement: { id: string; title: string };
  /** The thread, and what it is on: the page that shows it. */
  thread: { id: string; quote: string; on: ThreadSubject['kind'] } | null;
  actor: CommentPerson;
  /** For suggestion events: where in the specification, and (once decided) what became of it. */
  suggestion: { where: string | null; outcome: 'accepted' | 'rejected' | null } | null;
  /** The start of the comment ("Comment deleted"), or the words a decided suggestion proposed. */
  excerpt: string;
  createdAt: string;
  read: boolean;
}

export interface ForYou {
  items: ForYouItem[];
  unread: number;
}

export const markReadRequest = z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }).strict();
export type MarkReadRequest = z.infer<typeof markReadRequest>;
