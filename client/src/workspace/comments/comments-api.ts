/** The comment threads' HTTP API, one function per call (see shared/comments.ts). */
import type { CommentRequest, CommentThread, CommentThreads, CreateThreadRequest } from '../../../../shared/comments.js';
import { api } from '../../api/client.js';

export function commentsApi(procurementId: string) {
  const base = `/api/procurements/${encodeURIComponent(procurementId)}/comments`;
  const thread = (threadId: string) => `${base}/threads/${encodeURIComponent(threadId)}`;
  return {
    list: () => api.get<CommentThreads>(base),
    get: (threadId: string) => api.get<CommentThread>(thread(threadId)),
    create: (request: CreateThreadRequest) => api.post<CommentThread>(`${base}/threads`, request),
    reply: (threadId: string, request: CommentRequest) => api.post<CommentThread>(`${thread(threadId)}/comments`, request),
    edit: (threadId: string, commentId: string, request: CommentRequest) =>
      api.patch<CommentThread>(`${thread(threadId)}/comments/${encodeURIComponent(commentId)}`, request),
    /** The thread without the comment, or undefined when it was the last one (the thread is gone). */
    remove: (threadId: string, commentId: string) =>
      api.delete<CommentThread | undefined>(`${thread(threadId)}/comments/${encodeURIComponent(commentId)}`),
    resolve: (threadId: string) => api.post<CommentThread>(`${thread(threadId)}/resolve`),
    reopen: (threadId: string) => api.post<CommentThread>(`${thread(threadId)}/reopen`),
  };
}

export type CommentsApi = ReturnType<typeof commentsApi>;
