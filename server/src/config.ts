/**
 * The only reader of the environment. Every setting has a laptop default; the README
 * lists them all.
 */
import { z } from 'zod';
import { defaultLimits, type CollabLimits } from './collab/limits.js';
import type { LogLevel } from './log.js';

export interface Config {
  host: string;
  port: number;
  databasePath: string;
  /** The app's own origin as browsers see it (e.g. https://jointly.example.gov.uk). */
  publicOrigin: string;
  logLevel: LogLevel;
  busyTimeoutMs: number;
  collab: CollabLimits;
  /** Directory of the built client, served at `/`; null serves no pages. */
  clientDir: string | null;
}

const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATABASE_PATH: z.string().min(1).default('./data/jointly.sqlite'),
  PUBLIC_ORIGIN: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(5000).default(100),
  MAX_MESSAGE_BYTES: positiveInt.default(defaultLimits.maxMessageBytes),
  ROOM_GRACE_MS: z.coerce.number().int().min(0).default(defaultLimits.roomGraceMs),
  PING_INTERVAL_MS: positiveInt.default(defaultLimits.pingIntervalMs),
  CHECKPOINT_EVERY_UPDATES: positiveInt.default(defaultLimits.checkpointEveryUpdates),
  /** Where the built client is; empty serves no pages (the dev server serves them). */
  CLIENT_DIR: z.string().optional(),
});

/** Reads the configuration; throws a readable error naming each bad variable. */
export function readConfig(env: NodeJS.ProcessEnv, builtClientDir: string | null): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const publicOrigin = e.PUBLIC_ORIGIN ? new URL(e.PUBLIC_ORIGIN).origin : `http://${hostForUrl(e.HOST)}:${e.PORT}`;
  return {
    host: e.HOST,
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    publicOrigin,
    logLevel: e.LOG_LEVEL,
    busyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    clientDir: e.CLIENT_DIR === undefined ? builtClientDir : e.CLIENT_DIR || null,
    collab: {
      ...defaultLimits,
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      roomGraceMs: e.ROOM_GRACE_MS,
      pingIntervalMs: e.PING_INTERVAL_MS,
      checkpointEveryUpdates: e.CHECKPOINT_EVERY_UPDATES,
    },
  };
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
