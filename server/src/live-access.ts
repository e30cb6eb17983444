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
import type { Db } from './db/database.js';
import { isAllowedOrigin } from './http/origin.js';
import type { Logger } from './log.js';
import { liveMode, standingOf } from './procurements/access.js';
import { memberColours } from './procurements/procurements.js';

export interface LiveAccessOptions {
  db: Db;
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
  accessChanged(procurementId: string): void;
  /**
   * Another process changed the database (the admin CLI): every open connection is
   * checked again against its session, its person's access and their membership.
   */
  recheckAll(): void;
  stop(): void;
}

export function createLiveAccess(options: LiveAccessOptions): LiveAccess {
  const { db, sessions, allowedOrigins, secureCookies, log } = options;
  let engine: CollabEngine | null = null;
  let sweep: NodeJS.Timeout | null = null;

  const authorize: Authorize = (request, room) => {
    if (!isAllowedOrigin(request.headers.get('origin'), allowedOrigins)) {
      log.warn('upgrade-refused', { room, why: 'origin', origin: request.headers.get('origin') ?? 'none' });
      return { ok: false, status: 403 };
    }
    const session = sessions.validate(sessionTokenFrom(request.headers.get('cookie'), secureCookies));
    const user = session ? findUserWithAccess(db, session.userId) : null;
    if (!session || !user) return { ok: false, status: 401 };
    const standing = standingOf(db, user.id, room);
    if (!standing) return { ok: false, status: 404 };
    const borough = boroughSummary(db, user.boroughId);
    return {
      ok: true,
      grant: {
        mode: liveMode(standing),
        userId: user.id,
        presence: {
          name: user.name,
          borough: borough.name,
          boroughId: borough.id,
          color: memberColours(db, room).get(user.id) ?? presenceColour(user.id),
        },
        tags: { sessionId: session.id },
      },
    };
  };

  const accessChanged = (procurementId: string) => {
    if (!engine) return;
    const closedForRemoval = engine.closeConnections((c) => {
      if (c.room !== procurementId || !c.grant.userId) return false;
      return !standingOf(db, c.grant.userId, procurementId);
    }, CloseCode.accessRemoved);
    const closedForChange = engine.closeConnections((c) => {
      if (c.room !== procurementId || !c.grant.userId) return false;
      const standing = standingOf(db, c.grant.userId, procurementId);
      // A corrected borough changes how their presence and edits are labelled.
      return !!standing && (liveMode(standing) !== c.grant.mode || standing.boroughId !== c.grant.presence?.boroughId);
    }, CloseCode.rightsChanged);
    if (closedForRemoval + closedForChange > 0) {
      log.info('live-access-revoked', { room: procurementId, removed: closedForRemoval, changed: closedForChange });
    }
  };

  const recheckAll = () => {
    if (!engine) return;
    const open = engine.liveConnections();
    // Sessions that no longer exist end here, which closes their connections.
    sessions.touchLive(open.map((c) => c.grant.tags?.sessionId).filter((id): id is string => !!id));
    const withoutAccess = new Set(
      open.map((c) => c.grant.userId).filter((userId): userId is string => !!userId && !findUserWithAccess(db, userId)),
    );
    if (withoutAccess.size > 0) {
      engine.closeConnections((c) => withoutAccess.has(c.grant.userId ?? ''), CloseCode.accessRemoved);
    }
    for (const room of new Set(open.map((c) => c.room))) accessChanged(room);
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
    attach(attached) {
      engine = attached;
      sweep = setInterval(() => {
        const open = attached
          .liveConnections()
          .map((c) => c.grant.tags?.sessionId)
          .filter((id): id is string => !!id);
        // Open tabs keep their sessions alive; sessions past their limits end (and close).
        sessions.touchLive(open);
      }, options.sweepIntervalMs ?? 5_000);
      sweep.unref();
    },
    stop() {
      if (sweep) clearInterval(sweep);
      unsubscribe();
    },
  };
}
