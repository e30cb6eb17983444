/**
 * Composes the HTTP side: the JSON API under /api, live sync at /collab, health, and
 * the built client at /. Errors are mapped to `{ error: { code, message } }` here, once.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ApiError } from '../../shared/api.js';
import { loadSession } from './auth/middleware.js';
import { boroughAdminRoutes } from './borough-admin/routes.js';
import { boroughRoutes } from './boroughs.js';
import { authRoutes } from './auth/routes.js';
import type { CollabTransport } from './collab/transport.js';
import { AppError, TooManyRequests } from './errors.js';
import { exportRoutes } from './export/routes.js';
import type { Health } from './health.js';
import { clientFiles } from './http/client-files.js';
import type { AppEnv } from './http/env.js';
import { requireSameOrigin } from './http/origin.js';
import { securityHeaders } from './http/security-headers.js';
import { errorMessage } from './log.js';
import { commentRoutes } from './comments/routes.js';
import { forYouRoutes } from './for-you/routes.js';
import { decisionRoutes } from './decisions/routes.js';
import type { HistoryRecorder } from './history/recorder.js';
import { historyRoutes } from './history/routes.js';
import { searchRoutes } from './search/routes.js';
import { procurementScope, type ScopedEnv } from './http/procurement-scope.js';
import { invitationLinkRoutes, procurementInvitationRoutes } from './invitations/routes.js';
import { procurementListRoutes, procurementRoutes } from './procurements/routes.js';
import { recordKeyRoutes, recordRoutes } from './record/routes.js';
import type { Services } from './services.js';
import { ssoRoutes } from './sso/routes.js';
import { Tenants } from './sso/tenants.js';

export interface AppParts {
  services: Services;
  transport: CollabTransport;
  history: HistoryRecorder;
  health: Health;
}

const maxBodyBytes = 64 * 1024;

export function createApp({ services, transport, history, health }: AppParts): Hono<AppEnv> {
  const { config, db, sessions, log } = services;
  const app = new Hono<AppEnv>();

  app.use('*', securityHeaders({ allowedOrigins: config.allowedOrigins, https: config.secureCookies }));
  app.route('/collab', transport.routes as unknown as Hono<AppEnv>);

  app.route('/', health.routes);

  const api = new Hono<AppEnv>();
  api.use(
    '*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new AppError(413, 'too_large', 'That request is too large.');
      },
    }),
  );
  api.use('*', requireSameOrigin(config.allowedOrigins));
  api.use('*', loadSession(db, sessions, config.secureCookies));
  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  api.route('/', authRoutes(services));
  api.route('/sso', ssoRoutes(services, new Tenants(config.sso, services.clock, log.child('sso'))));
  api.route('/boroughs', boroughRoutes(db));
  api.route('/borough', boroughAdminRoutes(services) as unknown as Hono<AppEnv>);
  api.route('/invitations', invitationLinkRoutes(services));
  api.route('/for-you', forYouRoutes(db));
  api.route('/search', searchRoutes(services.search.index));
  api.route('/procurements', procurementListRoutes(services));
  api.route('/record-key', recordKeyRoutes(db));

  // Everything about one procurement: the scope resolves the person's membership once.
  const procurement = new Hono<ScopedEnv>();
  procurement.use('*', procurementScope(db));
  procurement.route('/', procurementRoutes(services));
  procurement.route('/invitations', procurementInvitationRoutes(services));
  procurement.route('/decisions', decisionRoutes(services));
  procurement.route('/comments', commentRoutes(services));
  procurement.route('/history', historyRoutes(services, history));
  procurement.route('/export', exportRoutes(services));
  procurement.route('/record', recordRoutes(db));
  api.route('/procurements/:id', procurement as unknown as Hono<AppEnv>);
  app.route('/api', api);
  app.all('/api/*', () => {
    throw new AppError(404, 'not_found', 'There is nothing at this address.');
  });

  if (config.clientDir) app.route('/', clientFiles(config.clientDir));

  app.onError((error, c) => {
    if (error instanceof AppError) {
      if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds));
      const body: ApiError = { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
      return c.json(body, error.status);
    }
    if (error instanceof HTTPException) {
      return c.json({ error: { code: 'bad_request', message: error.message || 'The request could not be read.' } }, error.status);
    }
    log.error('request-failed', { method: c.req.method, path: c.req.path, error: errorMessage(error) });
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }, 500);
  });
  return app;
}
