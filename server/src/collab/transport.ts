/**
 * Adapts websockets on Hono's route `/collab/:room` to the live engine.
 *
 * Access is decided before the upgrade: the authorize hook answers, and a refusal is
 * a plain HTTP 401/403/404 with no websocket ever created. Once upgraded, every frame
 * becomes a Uint8Array for the engine, every socket has an error listener, and a
 * keep-alive ping finds dead peers.
 */
import { upgradeWebSocket } from '@hono/node-server';
import { Hono } from 'hono';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, closeReason } from '../../../shared/close-codes.js';
import { errorMessage, type Logger } from '../log.js';
import type { Grant } from './connection.js';
import type { CollabEngine } from './engine.js';

export type AuthorizeResult = { ok: true; grant: Grant } | { ok: false; status: 401 | 403 | 404 };

/** Decides whether the upgrade request may join `room`, and with what rights. */
export type Authorize = (request: Request, room: string) => AuthorizeResult | Promise<AuthorizeResult>;

export interface CollabTransportOptions {
  engine: CollabEngine;
  authorize: Authorize;
  log: Logger;
}

export interface CollabTransport {
  /** Mount at `/collab`. */
  readonly routes: Hono<{ Variables: { grant: Grant } }>;
  /** Give to `@hono/node-server`'s `serve({ websocket: { server } })`. */
  readonly server: WebSocketServer;
  stop(): void;
}

/** The websocket address's `client` parameter by which a client asks for the extra messages. */
export const extensionsClient = 'jointly';

/** Rooms are named by the client; keep the names sane before they reach the store. */
const roomNamePattern = /^[\w.:-]{1,128}$/;

export function createCollabTransport({ engine, authorize, log }: CollabTransportOptions): CollabTransport {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: engine.limits.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  server.on('error', (error) => log.error('websocket-server-error', { error: errorMessage(error) }));
  server.on('wsClientError', (error) => log.warn('websocket-handshake-error', { error: errorMessage(error) }));

  const alive = new Map<WebSocket, boolean>();
  const keepAlive = setInterval(() => {
    for (const [socket, answered] of alive) {
      if (!answered) {
        log.info('no-pong', {});
        socket.close(CloseCode.noPong, closeReason.noPong);
        socket.terminate();
        alive.delete(socket);
        continue;
      }
      alive.set(socket, false);
      try {
        socket.ping();
      } catch {
        // Closing already; the close event cleans up.
      }
    }
  }, engine.limits.pingIntervalMs);
  keepAlive.unref();

  const attach = (socket: WebSocket, room: string, grant: Grant): void => {
    alive.set(socket, true);
    const connection = engine.connect(
      {
        send: (data) => socket.send(data),
        close: (code, reason) => {
          socket.close(code, reason);
          // A peer that never reads never answers the close frame either.
          setTimeout(() => socket.terminate(), 1000).unref();
        },
        get bufferedAmount() {
          return socket.bufferedAmount;
        },
      },
      room,
      grant,
    );
    socket.on('pong', () => alive.set(socket, true));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        connection.refuse(CloseCode.unsupportedData, 'text frame');
        return;
      }
      engine.receive(connection, toBytes(data));
    });
    socket.on('close', (code: number) => {
      alive.delete(socket);
      connection.socketClosed(code);
    });
    socket.on('error', (error: Error & { code?: string }) => {
      // The websocket library closes the socket itself (1002, 1009…) after an invalid frame.
      const code = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? CloseCode.messageTooBig : CloseCode.protocolError;
      engine.countRefusal(code);
      log.warn('refused', { room, user: grant.userId, connection: connection.id, code, detail: error.message });
    });
  };

  const routes = new Hono<{ Variables: { grant: Grant } }>();
  routes.get(
    '/:room',
    async (c, next) => {
      const room = c.req.param('room');
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        return c.json({ error: { code: 'upgrade_required', message: 'This address is for live sync over a websocket.' } }, 426);
      }
      if (!roomNamePattern.test(room)) return c.body(null, 404);
      const result = await authorize(c.req.raw, room);
      if (!result.ok) return c.body(null, result.status);
      // Jointly's own client asks for the extra messages (saved acknowledgements, events).
      const extensions = new URL(c.req.url).searchParams.get('client') === extensionsClient;
      c.set('grant', { ...result.grant, extensions });
      await next();
    },
    upgradeWebSocket((c) => {
      const room = c.req.param('room') ?? '';
      const grant = c.get('grant') as Grant;
      return {
        onOpen: (_event, ws) => attach(ws.raw as WebSocket, room, grant),
      };
    }),
  );

  return {
    routes,
    server,
    stop: () => {
      clearInterval(keepAlive);
      alive.clear();
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
