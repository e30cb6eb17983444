/** What the comment components share: the procurement's threads, kept live, and the calls that change them. */
import { createContext, useContext } from 'react';
import type { ProcurementDetail } from '../../../../shared/api.js';
import type { CommentRequest, CommentThread, CreateThreadRequest } from '../../../../shared/comments.js';
import type { MentionCandidate } from './mentions.js';
import type { Reader } from './thread-filters.js';

export interface CommentActions {
  create: (request: CreateThreadRequest) => Promise<CommentThread>;
  reply: (threadId: string, request: CommentRequest) => Promise<CommentThread>;
  edit: (threadId: string, commentId: string, request: CommentRequest) => Promise<CommentThread>;
  /** Null when it was the thread's last comment: the thread has gone. */
  remove: (threadId: string, commentId: string) => Promise<CommentThread | null>;
  resolve: (threadId: string) => Promise<CommentThread>;
  reopen: (threadId: string) => Promise<CommentThread>;
}

export interface CommentsValue {
  procurement: ProcurementDetail;
  /** Every thread of the procurement, oldest first. */
  threads: CommentThread[];
  state: 'loading' | 'ready' | 'failed';
  me: Reader & { name: string };
  canComment: boolean;
  mayResolve: (thread: CommentThread) => boolean;
  candidates: MentionCandidate[];
  actions: CommentActions;
}

export const CommentsContext = createContext<CommentsValue | null>(null);

/** The comments of the live workspace; null on a past version, where there is nothing to discuss. */
export function useComments(): CommentsValue | null {
  return useContext(CommentsContext);
}
