/** Comments for an area of the live workspace; none on a past version (nothing there to discuss). */
import type { ReactNode } from 'react';
import type { WorkspaceContext } from '../workspace-context.js';
import { CommentsProvider } from './CommentsProvider.js';

export function CommentsScope({
  procurement,
  live,
  onEvent,
  children,
}: Pick<WorkspaceContext, 'procurement' | 'live' | 'onEvent'> & { children: ReactNode }) {
  if (!live) return <>{children}</>;
  return (
    <CommentsProvider procurement={procurement} live={live} onEvent={onEvent}>
      {children}
    </CommentsProvider>
  );
}
