/**
 * What a server does at once for everyone, whichever server they are connected to:
 * pushes a live event to a procurement's open workspaces, checks their access again
 * when rights change, and closes the connections of sessions that ended. Each is done
 * here and, with several servers, told to the others on the bus, which do it for their
 * own connections. With one server it is only done here.
 *
 * Nothing is lost with a message: access and sessions are also checked periodically
 * (`liveSessionCheckMs`), and a workspace reloads what an event points at when it
 * reconnects.
 */
import { randomUUID } from 'node:crypto';
import type { BusEvent, DocumentBus } from './collab/bus.js';
import { errorMessage, type Logger } from './log.js';

/** What this server does for its own connections. */
export interface LocalLiveActions {
  sendToRoom(procurementId: string, message: Uint8Array): void;
  /** Resolves once the connections that lost rights are closed. */
  accessChanged(procurementId: string): Promise<void>;
  /** Closes the connections of sessions that ended on another server. */
  closeSessions(sessionIds: readonly string[]): void;
}

export interface LiveRelay {
  /** Sends to everyone with the procurement open, here and on the other servers. */
  sendToRoom(procurementId: string, message: Uint8Array): void;
  /** Checks access again here (resolving once done) and on the other servers. */
  accessChanged(procurementId: string): Promise<void>;
  /** Tells the other servers that sessions ended (here, the sessions themselves tell live access). */
  sessionsEnded(sessionIds: readonly string[]): void;
}

export function createLiveRelay(bus: DocumentBus | null, here: LocalLiveActions, log: Logger): LiveRelay {
  if (!bus) {
    return {
      sendToRoom: (procurementId, message) => here.sendToRoom(procurementId, message),
      accessChanged: (procurementId) => here.accessChanged(procurementId),
      sessionsEnded: () => {},
    };
  }
  const serverId = randomUUID();
  const tell = (kind: string, body: Record<string, unknown>) => bus.publishEvent({ kind, from: serverId, body });
  bus.onEvent((event) => {
    if (event.from === serverId) return;
    if (!actOn(event, here, log)) log.warn('live-relay-ignored', { kind: event.kind });
  });
  return {
    sendToRoom: (procurementId, message) => {
      here.sendToRoom(procurementId, message);
      tell('room-message', { procurementId, message: Buffer.from(message).toString('base64') });
    },
    accessChanged: async (procurementId) => {
      tell('access-changed', { procurementId });
      await here.accessChanged(procurementId);
    },
    sessionsEnded: (sessionIds) => bus.publishEvent(sessionsEndedEvent(serverId, sessionIds)),
  };
}

/** The event that closes, on every server, the live connections of sessions that ended. */
export function sessionsEndedEvent(from: string, sessionIds: readonly string[]): BusEvent {
  return { kind: 'sessions-ended', from, body: { sessionIds: [...sessionIds] } };
}

/** Does what another server asked; false when the event is not one this server knows. */
function actOn({ kind, body }: BusEvent, here: LocalLiveActions, log: Logger): boolean {
  const { procurementId, message, sessionIds } = body;
  switch (kind) {
    case 'room-message':
      if (typeof procurementId !== 'string' || typeof message !== 'string') return false;
      here.sendToRoom(procurementId, new Uint8Array(Buffer.from(message, 'base64')));
      return true;
    case 'access-changed':
      if (typeof procurementId !== 'string') return false;
      here.accessChanged(procurementId).catch((error: unknown) => log.error('access-recheck-failed', { error: errorMessage(error) }));
      return true;
    case 'sessions-ended':
      if (!Array.isArray(sessionIds) || !sessionIds.every((id) => typeof id === 'string')) return false;
      here.closeSessions(sessionIds);
      return true;
    default:
      return false;
  }
}
