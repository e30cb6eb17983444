/**
 * The only reader of the environment. Every setting has a laptop default; the README
 * lists them all.
 */
import { z } from 'zod';
import { defaultLimits, type CollabLimits } from './collab/limits.js';
import type { LoginLimits } from './auth/login-limiter.js';
import type { SessionPolicy } from './auth/sessions.js';
import type { LogLevel } from './log.js';

export interface Config {
  host: string;
  port: number;
  databasePath: string;
  /** Live documents on PostgreSQL, shared by several servers (see README, "Several servers"); null keeps them in SQLite. */
  sharedDocuments: SharedDocumentsConfig | null;
  /** The app's own origin as browsers see it (e.g. https://jointly.example.gov.uk). */
  publicOrigin: string;
  /** Origins whose state-changing requests and websocket upgrades are accepted. */
  allowedOrigins: string[];
  /** Cookies get `Secure` and the `__Host-` prefix (the public origin is https). */
  secureCookies: boolean;
  sessions: SessionPolicy;
  /** How often open live connections renew their sessions and are checked against them (ms). */
  liveSessionCheckMs: number;
  /** How often to look for writes by another process, such as the admin CLI (ms). */
  externalWriteCheckMs: number;
  loginLimits: LoginLimits;
  /** Proxies whose X-Forwarded-For is believed; any other client's is ignored. */
  trustedProxies: string[];
  /** Create the demo procurement and accounts on an empty database. */
  demo: boolean;
  /** A pause in editing this long starts a new version in the history (ms). */
  historyPauseMs: number;
  logLevel: LogLevel;
  busyTimeoutMs: number;
  collab: CollabLimits;
  /** A bearer token that lets a scraper read /metrics from elsewhere than this machine. */
  metricsToken: string | null;
  /** Directory of the built client, served at `/`; null serves no pages. */
  clientDir: string | null;
  sso: SsoConfig;
  /** The Ed25519 key (32-byte seed or PKCS#8 DER) that signs the record of formal acts; null keeps one beside the database. */
  recordSigningKey: Uint8Array | null;
}

/** Where several servers keep the live documents' log and tell each other of commits. */
export interface SharedDocumentsConfig {
  /** postgres://… (holds credentials: never logged). */
  databaseUrl: string;
  /** redis://…; without it, servers learn of each other's commits only by the periodic check. */
  redisUrl: string | null;
  /** How often each open document is checked against the log, for messages lost on the way (ms). */
  catchUpEveryMs: number;
}

/** Single sign-on with boroughs' Entra ID tenants (see server/src/sso/). */
export interface SsoConfig {
  /** Sign-in addresses a borough may connect to (Microsoft's global cloud unless told). */
  authorities: string[];
  /** 32 bytes that seal client secrets at rest (AES-256-GCM); null keeps them unsealed. */
  secretKey: Uint8Array | null;
  /** How long a tenant's discovery document is kept before it is fetched again (ms). */
  discoveryLifetimeMs: number;
  /** How long someone has to come back from their council's sign-in page (ms). */
  attemptLifetimeMs: number;
  /** How long to wait for a tenant's answer before saying it is unavailable (seconds). */
  requestTimeoutSeconds: number;
}

const positiveInt = z.coerce.number().int().positive();

/** An http(s) address; anything else (file:, mailto:…) has the origin "null", which must never be allowed. */
const webUrl = z.url({ protocol: /^https?$/, error: 'use an http:// or https:// address' });

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** A comma-separated list of http(s) addresses, each checked. */
const webUrlList = z
  .string()
  .default('')
  .superRefine((value, context) => {
    for (const item of list(value)) {
      if (!webUrl.safeParse(item).success) context.addIssue({ code: 'custom', message: `${item} is not an http:// or https:// address` });
    }
  });

/** A sign-in address: https, or http on the machine itself (a local provider in tests). */
function isAuthority(value: string): boolean {
  if (!webUrl.safeParse(value).success) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const authorityList = z
  .string()
  .default('https://login.microsoftonline.com')
  .superRefine((value, context) => {
    if (list(value).length === 0) context.addIssue({ code: 'custom', message: 'give at least one address' });
    for (const item of list(value)) {
      if (!isAuthority(item)) context.addIssue({ code: 'custom', message: `${item} is not an https:// address` });
    }
  });

const secretKey = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'use 32 random bytes in base64 (openssl rand -base64 32)')
  .optional();

const recordSigningKey = z
  .string()
  .refine(
    (value) => [32, 48].includes(Buffer.from(value, 'base64').length),
    'use an Ed25519 key in base64: a 32-byte seed (openssl rand -base64 32) or PKCS#8 DER',
  )
  .optional();

/** A URL of one of `protocols`; the message never repeats the value (it may hold a password). */
function serviceUrl(protocols: string[], hint: string) {
  return z.string().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), hint);
}

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_PATH: z.string().min(1).default('./data/jointly.sqlite'),
  DATABASE_URL: serviceUrl(['postgres:', 'postgresql:'], 'use postgres://user:password@host:5432/database').optional(),
  REDIS_URL: serviceUrl(['redis:', 'rediss:'], 'use redis://host:6379').optional(),
  PUBLIC_ORIGIN: webUrl.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(5000).default(100),
  MAX_MESSAGE_BYTES: positiveInt.default(defaultLimits.maxMessageBytes),
  ROOM_GRACE_MS: z.coerce.number().int().min(0).default(defaultLimits.roomGraceMs),
  PING_INTERVAL_MS: positiveInt.default(defaultLimits.pingIntervalMs),
  CHECKPOINT_EVERY_UPDATES: positiveInt.default(defaultLimits.checkpointEveryUpdates),
  MAX_CONNECTIONS_PER_PERSON: positiveInt.default(defaultLimits.maxConnectionsPerUser),
  MAX_DOCUMENT_MB: positiveInt.default(defaultLimits.maxDocumentBytes / (1024 * 1024)),
  /** Where the built client is; empty serves no pages (the dev server serves them). */
  CLIENT_DIR: z.string().optional(),
  ALLOWED_ORIGINS: webUrlList,
  SESSION_IDLE_MINUTES: positiveInt.default(30),
  SESSION_MAX_HOURS: positiveInt.default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(10),
  LOGIN_MAX_FAILURES_PER_ADDRESS: positiveInt.default(100),
  LOGIN_WINDOW_MINUTES: positiveInt.default(15),
  TRUSTED_PROXIES: z.string().default(''),
  JOINTLY_DEMO: z.enum(['0', '1']).default('1'),
  HISTORY_PAUSE_MINUTES: z.coerce.number().positive().max(1440).default(5),
  METRICS_TOKEN: z.string().min(32, 'use at least 32 random characters').optional(),
  ENTRA_AUTHORITIES: authorityList,
  SSO_SECRET_KEY: secretKey,
  RECORD_SIGNING_KEY: recordSigningKey,
});

/** Reads the configuration; throws a readable error naming each bad variable. */
export function readConfig(env: NodeJS.ProcessEnv, builtClientDir: string | null): Config {
  // A variable set to nothing (`PORT=`) means its default, not 0. CLIENT_DIR is the
  // exception: empty says "serve no pages".
  const given = Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== '' || name === 'CLIENT_DIR'));
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new Error('invalid configuration: REDIS_URL: set DATABASE_URL too (Redis only tells servers that share one PostgreSQL log)');
  }
  const publicOrigin = e.PUBLIC_ORIGIN ? new URL(e.PUBLIC_ORIGIN).origin : `http://${hostForUrl(e.HOST)}:${e.PORT}`;
  const allowedOrigins = new Set([publicOrigin, ...list(e.ALLOWED_ORIGINS).map((o) => new URL(o).origin)]);
  // On a laptop, http://localhost:8787 and http://127.0.0.1:8787 are the same app.
  if (!e.PUBLIC_ORIGIN && ['127.0.0.1', 'localhost', '0.0.0.0', '::'].includes(e.HOST)) {
    allowedOrigins.add(`http://127.0.0.1:${e.PORT}`);
    allowedOrigins.add(`http://localhost:${e.PORT}`);
  }
  return {
    host: e.HOST,
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    sharedDocuments: e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL, redisUrl: e.REDIS_URL ?? null, catchUpEveryMs: 1000 } : null,
    publicOrigin,
    allowedOrigins: [...allowedOrigins],
    secureCookies: publicOrigin.startsWith('https:'),
    sessions: {
      idleTimeoutMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteLifetimeMs: e.SESSION_MAX_HOURS * 3_600_000,
    },
    liveSessionCheckMs: 5_000,
    externalWriteCheckMs: 250,
    loginLimits: {
      perAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    },
    trustedProxies: list(e.TRUSTED_PROXIES),
    demo: e.JOINTLY_DEMO === '1',
    historyPauseMs: e.HISTORY_PAUSE_MINUTES * 60_000,
    logLevel: e.LOG_LEVEL,
    busyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN ?? null,
    clientDir: e.CLIENT_DIR === undefined ? builtClientDir : e.CLIENT_DIR || null,
    sso: {
      authorities: list(e.ENTRA_AUTHORITIES).map((a) => a.replace(/\/+$/, '')),
      secretKey: e.SSO_SECRET_KEY ? new Uint8Array(Buffer.from(e.SSO_SECRET_KEY, 'base64')) : null,
      discoveryLifetimeMs: 3_600_000,
      attemptLifetimeMs: 10 * 60_000,
      requestTimeoutSeconds: 10,
    },
    recordSigningKey: e.RECORD_SIGNING_KEY ? new Uint8Array(Buffer.from(e.RECORD_SIGNING_KEY, 'base64')) : null,
    collab: {
      ...defaultLimits,
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      roomGraceMs: e.ROOM_GRACE_MS,
      pingIntervalMs: e.PING_INTERVAL_MS,
      checkpointEveryUpdates: e.CHECKPOINT_EVERY_UPDATES,
      maxConnectionsPerUser: e.MAX_CONNECTIONS_PER_PERSON,
      maxDocumentBytes: e.MAX_DOCUMENT_MB * 1024 * 1024,
    },
  };
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
