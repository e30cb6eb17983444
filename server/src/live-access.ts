/**
 * Who may open a procurement's live document, and keeping that true while it is open.
 *
 * - `authorize` runs before every websocket upgrade to /collab/:procurementId: the
 *   Origin must be the app's own, the session live, the person a member; the grant is
 *   read-write for editors and owners of lead and partner boroughs, read-only otherwise,
 *   and carries the name and borough others will see as this person's presence.
 * - When rights change, the procurement's connections are checked again at once: no
 *   longer a member → closed (access removed); rights or borough changed → closed so the
 *   client reconnects through `authorize` with its new rights.
 * - Ended sessions (sign-out, password change, expiry) close their connections, and an
 *   open connection counts as activity for its session.
 */
import { CloseCode } from '../../shared/close-codes.js';
import { presenceColour } from '../../shared/presence.js';
import { sessionTokenFrom } from './auth/cookie.js';
import type { Sessions } from './auth/sessions.js';
import { boroughSummary, findUserWithAccess } from './auth/users.js';
import type { CollabEngine } from './collab/engine.js';
import type { Authorize } from './collab/transport.js';
import type { Queries } from './db/queries.js';
import { isAllowedOrigin } from './http/origin.js';
import { errorMessage, type Logger } from './log.js';
import { liveMode, standingOf, type StandingRow } from './procurements/access.js';
import { memberColours } from './procurements/procurements.js';

export interface LiveAccessOptions {
  db: Queries;
  sessions: Sessions;
  allowedOrigins: readonly string[];
  secureCookies: boolean;
  log: Logger;
  /** How often open connections are checked against their sessions (ms). */
  sweepIntervalMs?: number;
}

export interface LiveAccess {
  authorize: Authorize;
  /** Attach to the engine once it exists. */
  attach(engine: CollabEngine): void;
  /** Resolves once the procurement's connections that lost or changed rights are closed. */
  accessChanged(procurementId: string): Promise<void>;
  /**
   * Another process changed the database (the admin CLI): every open connection is
   * checked again against its session, its person's access and their membership.
   */
  recheckAll(): Promise<void>;
  /** Sessions ended on another server: their connections here close at once. */
  sessionsEndedElsewhere(sessionIds: readonly string[]): void;
  stop(): void;
}

export function createLiveAccess(options: LiveAccessOptions): LiveAccess {
  const { db, sessions, allowedOrigins, secureCookies, log } = options;
  let engine: CollabEngine | null = null;
  let sweep: NodeJS.Timeout | null = null;

  const authorize: Authorize = async (request, room) => {
    if (!isAllowedOrigin(request.headers.get('origin'), allowedOrigins)) {
      log.warn('upgrade-refused', { room, why: 'origin', origin: request.headers.get('origin') ?? 'none' });
      return { ok: false, status: 403 };
    }
    const session = await sessions.validate(sessionTokenFrom(request.headers.get('cookie'), secureCookies));
    const user = session ? await findUserWithAccess(db, session.userId) : null;
    if (!session || !user) return { ok: false, status: 401 };
    const standing = await standingOf(db, user.id, room);
    if (!standing) return { ok: false, status: 404 };
    const borough = await boroughSummary(db, user.boroughId);
    const colours = await memberColours(db, room);
    return {
      ok: true,
      grant: {
        mode: liveMode(standing),
        userId: user.id,
        presence: {
          name: user.name,
          borough: borough.name,
          boroughId: borough.id,
          color: colours.get(user.id) ?? presenceColour(user.id),
        },
        tags: { sessionId: session.id },
      },
    };
  };

  const accessChanged = async (procurementId: string) => {
    if (!engine) return;
    // Each person's standing is read first; the connections are then closed in one go.
    const standings = new Map<string, StandingRow | null>();
    for (const c of engine.liveConnections()) {
      if (c.room !== procurementId || !c.grant.userId || standings.has(c.grant.userId)) continue;
      standings.set(c.grant.userId, await standingOf(db, c.grant.userId, procurementId));
    }
    const closedForRemoval = engine.closeConnections((c) => {
      if (c.room !== procurementId || !c.grant.userId || !standings.has(c.grant.userId)) return false;
      return !standings.get(c.grant.userId);
    }, CloseCode.accessRemoved);
    const closedForChange = engine.closeConnections((c) => {
      if (c.room !== procurementId || !c.grant.userId) return false;
      const standing = standings.get(c.grant.userId);
      // A corrected borough changes how their presence and edits are labelled.
      return !!standing && (liveMode(standing) !== c.grant.mode || standing.boroughId !== c.grant.presence?.boroughId);
    }, CloseCode.rightsChanged);
    if (closedForRemoval + closedForChange > 0) {
      log.info('live-access-revoked', { room: procurementId, removed: closedForRemoval, changed: closedForChange });
    }
  };

  const recheckAll = async () => {
    if (!engine) return;
    const open = engine.liveConnections();
    // Sessions that no longer exist end here, which closes their connections.
    await sessions.touchLive(open.map((c) => c.grant.tags?.sessionId).filter((id): id is string => !!id));
    const withoutAccess = new Set<string>();
    for (const userId of new Set(open.map((c) => c.grant.userId))) {
      if (userId && !(await findUserWithAccess(db, userId))) withoutAccess.add(userId);
    }
    if (withoutAccess.size > 0) {
      engine.closeConnections((c) => withoutAccess.has(c.grant.userId ?? ''), CloseCode.accessRemoved);
    }
    for (const room of new Set(open.map((c) => c.room))) await accessChanged(room);
  };

  const closeSessions = (sessionIds: readonly string[]) => {
    if (!engine) return;
    const ended = new Set(sessionIds);
    engine.closeConnections((c) => ended.has(c.grant.tags?.sessionId ?? ''), CloseCode.signedOut);
  };
  const unsubscribe = sessions.onEnded(closeSessions);

  return {
    authorize,
    accessChanged,
    recheckAll,
    sessionsEndedElsewhere: closeSessions,
    attach(attached) {
      engine = attached;
      let sweeping = false;
      sweep = setInterval(() => {
        // A sweep still waiting for the database is not overtaken by the next.
        if (sweeping) return;
        const open = attached
          .liveConnections()
          .map((c) => c.grant.tags?.sessionId)
          .filter((id): id is string => !!id);
        sweeping = true;
        // Open tabs keep their sessions alive; sessions past their limits end (and close).
        void sessions
          .touchLive(open)
          .catch((error: unknown) => log.error('live-sessions-sweep-failed', { error: errorMessage(error) }))
          .finally(() => (sweeping = false));
      }, options.sweepIntervalMs ?? 5_000);
      sweep.unref();
    },
    stop() {
      if (sweep) clearInterval(sweep);
      unsubscribe();
    },
  };
}
