/**
 * Composes the HTTP side: live sync at /collab, health, and the built client at /.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { join } from 'node:path';
import type { CollabEngine } from './collab/engine.js';
import type { CollabTransport } from './collab/transport.js';
import { errorMessage, type Logger } from './log.js';

export interface AppParts {
  engine: CollabEngine;
  transport: CollabTransport;
  log: Logger;
  clientDir: string | null;
}

export function createApp({ engine, transport, log, clientDir }: AppParts): Hono {
  const app = new Hono();

  app.route('/collab', transport.routes);

  app.get('/healthz', (c) => {
    const healthy = !engine.metrics.lastCommitFailed;
    return c.json({ status: healthy ? 'ok' : 'unhealthy', ...engine.stats }, healthy ? 200 : 503);
  });

  if (clientDir) {
    app.use('/assets/*', serveStatic({ root: clientDir }));
    app.use('/*', serveStatic({ root: clientDir }));
    // Every other page address belongs to the client's router.
    app.get('*', serveStatic({ root: clientDir, path: 'index.html' }));
  }

  app.onError((error, c) => {
    log.error('request-failed', { method: c.req.method, path: c.req.path, error: errorMessage(error) });
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }, 500);
  });
  return app;
}
