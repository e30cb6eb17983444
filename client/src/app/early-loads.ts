/**
 * What the page an address opens will need, asked for as soon as the app starts rather
 * than one after another as its parts appear. Opening a procurement's workspace from its
 * address otherwise waits for the sign-in check, then the workspace's code, then its
 * details, then the specification's code, before the live document can connect.
 */
import { api } from '../api/client.js';
import { codeLoader } from '../ui/lazy-page.js';
import { loadSpecificationArea } from '../workspace/areas.js';
import { procurementDetailsPath } from '../workspace/details-path.js';

export const loadWorkspace = codeLoader(() => import('../workspace/WorkspacePage.js'));

/** The procurement whose workspace `pathname` opens, and whether on its specification. */
export function workspaceIn(pathname: string): { procurementId: string; specification: boolean } | null {
  const match = /^\/procurements\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match || match[1] === 'new') return null;
  const rest = match[2] ?? '';
  try {
    return { procurementId: decodeURIComponent(match[1]!), specification: rest === '' || rest === '/' };
  } catch {
    // Not an address a workspace has (a stray "%"): the page says so itself.
    return null;
  }
}

/**
 * Starts fetching the code and details the page at `pathname` needs. A failure is left for
 * the page to meet, retry and report when it asks for the same thing.
 */
export function startEarlyLoads(pathname: string): void {
  // Every page starts by asking who is signed in.
  api.getEarly('/api/me');
  const workspace = workspaceIn(pathname);
  if (!workspace) return;
  loadWorkspace().catch(() => undefined);
  if (workspace.specification) loadSpecificationArea().catch(() => undefined);
  api.getEarly(procurementDetailsPath(workspace.procurementId));
}
