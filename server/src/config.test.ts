/**
 * Specifies readConfig, the one reader of the environment: the laptop defaults, what
 * each variable changes (origins and secure cookies, trusted proxies, sessions, login
 * limits, the live engine's limits, history, logging, the client directory), and that
 * bad values fail start-up with one readable error naming every bad variable. Each test
 * passes its own environment object; process.env is never read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLimits } from './collab/limits.js';
import { readConfig, type Config } from './config.js';

const read = (env: Record<string, string>, builtClientDir: string | null = '/srv/jointly/dist/client'): Config =>
  readConfig(env, builtClientDir);

/** The error readConfig throws for this environment (fails the test if it does not throw). */
function configError(env: Record<string, string>): Error {
  try {
    read(env);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(env)}`);
}

const sorted = (values: readonly string[]) => [...values].sort();

const variables = [
  'HOST',
  'PORT',
  'DATABASE_PATH',
  'PUBLIC_ORIGIN',
  'LOG_LEVEL',
  'SQLITE_BUSY_TIMEOUT_MS',
  'MAX_MESSAGE_BYTES',
  'ROOM_GRACE_MS',
  'PING_INTERVAL_MS',
  'CHECKPOINT_EVERY_UPDATES',
  'MAX_CONNECTIONS_PER_PERSON',
  'MAX_DOCUMENT_MB',
  'CLIENT_DIR',
  'ALLOWED_ORIGINS',
  'SESSION_IDLE_MINUTES',
  'SESSION_MAX_HOURS',
  'LOGIN_MAX_FAILURES_PER_ACCOUNT',
  'LOGIN_MAX_FAILURES_PER_ADDRESS',
  'LOGIN_WINDOW_MINUTES',
  'TRUSTED_PROXIES',
  'JOINTLY_DEMO',
  'HISTORY_PAUSE_MINUTES',
  'METRICS_TOKEN',
  'ENTRA_AUTHORITIES',
  'SSO_SECRET_KEY',
  'RECORD_SIGNING_KEY',
];

describe('readConfig defaults', () => {
  it('runs on a laptop with nothing set', () => {
    expect(read({})).toEqual({
      host: '127.0.0.1',
      port: 8787,
      databasePath: './data/jointly.sqlite',
      sharedDocuments: null,
      publicOrigin: 'http://127.0.0.1:8787',
      allowedOrigins: expect.any(Array),
      secureCookies: false,
      sessions: { idleTimeoutMs: 30 * 60_000, absoluteLifetimeMs: 12 * 3_600_000 },
      liveSessionCheckMs: 5_000,
      externalWriteCheckMs: 250,
      loginLimits: { perAccount: 10, perAddress: 100, windowMs: 15 * 60_000 },
      trustedProxies: [],
      demo: true,
      historyPauseMs: 5 * 60_000,
      logLevel: 'info',
      busyTimeoutMs: 100,
      collab: defaultLimits,
      metricsToken: null,
      clientDir: '/srv/jointly/dist/client',
      sso: {
        authorities: ['https://login.microsoftonline.com'],
        secretKey: null,
        discoveryLifetimeMs: 3_600_000,
        attemptLifetimeMs: 10 * 60_000,
        requestTimeoutSeconds: 10,
      },
      recordSigningKey: null,
    } satisfies Config);
  });

  it('accepts both localhost and 127.0.0.1 as the app’s origin on a laptop', () => {
    expect(sorted(read({}).allowedOrigins)).toEqual(['http://127.0.0.1:8787', 'http://localhost:8787']);
  });

  it('keeps the live engine’s document limit at 64 MiB', () => {
    expect(read({}).collab.maxDocumentBytes).toBe(64 * 1024 * 1024);
  });

  it('ignores variables it does not know, such as the rest of the shell’s environment', () => {
    expect(read({ PATH: '/usr/bin', HOME: '/home/ada', NODE_ENV: 'production', port: '1' })).toEqual(read({}));
  });

  describe('reads only the environment it is given', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('not process.env', () => {
      vi.stubEnv('PORT', '9999');
      vi.stubEnv('JOINTLY_DEMO', '0');
      const config = read({});
      expect(config.port).toBe(8787);
      expect(config.demo).toBe(true);
    });
  });
});

describe('readConfig: where the app is and which origins it accepts', () => {
  it('uses HOST and PORT for the listening socket and the public origin', () => {
    const config = read({ HOST: '192.0.2.10', PORT: '3000' });
    expect(config).toMatchObject({ host: '192.0.2.10', port: 3000, publicOrigin: 'http://192.0.2.10:3000' });
    expect(config.allowedOrigins).toEqual(['http://192.0.2.10:3000']);
  });

  it('adds both localhost spellings, on the configured port, when HOST is localhost', () => {
    const config = read({ HOST: 'localhost', PORT: '3000' });
    expect(config.publicOrigin).toBe('http://localhost:3000');
    expect(sorted(config.allowedOrigins)).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
  });

  it('gives 127.0.0.1 as the public origin of a server listening on every interface', () => {
    expect(read({ HOST: '0.0.0.0' }).publicOrigin).toBe('http://127.0.0.1:8787');
    expect(read({ HOST: '::' }).publicOrigin).toBe('http://127.0.0.1:8787');
  });

  it('writes an IPv6 host in brackets in the public origin', () => {
    expect(read({ HOST: '::1', PORT: '9000' }).publicOrigin).toBe('http://[::1]:9000');
  });

  it('takes PUBLIC_ORIGIN as the origin alone, without path, default port or capitals', () => {
    const config = read({ PUBLIC_ORIGIN: 'HTTPS://Jointly.Example.GOV.UK:443/app/' });
    expect(config.publicOrigin).toBe('https://jointly.example.gov.uk');
  });

  it('keeps a port other than the default in PUBLIC_ORIGIN', () => {
    expect(read({ PUBLIC_ORIGIN: 'https://jointly.example.gov.uk:8443' }).publicOrigin).toBe('https://jointly.example.gov.uk:8443');
  });

  it('turns on secure cookies when PUBLIC_ORIGIN is https', () => {
    expect(read({ PUBLIC_ORIGIN: 'https://jointly.example.gov.uk' }).secureCookies).toBe(true);
  });

  it('leaves secure cookies off when PUBLIC_ORIGIN is plain http', () => {
    expect(read({ PUBLIC_ORIGIN: 'http://jointly.internal:8080' }).secureCookies).toBe(false);
  });

  it('accepts only PUBLIC_ORIGIN once it is set, even on localhost', () => {
    const config = read({ HOST: '127.0.0.1', PUBLIC_ORIGIN: 'https://jointly.example.gov.uk' });
    expect(config.allowedOrigins).toEqual(['https://jointly.example.gov.uk']);
  });

  it('adds each origin in ALLOWED_ORIGINS, trimmed, reduced to its origin and without repeats', () => {
    const config = read({
      PUBLIC_ORIGIN: 'https://jointly.example.gov.uk',
      ALLOWED_ORIGINS: ' https://staff.example.gov.uk/path , ,https://jointly.example.gov.uk/, http://localhost:5173,',
    });
    expect(sorted(config.allowedOrigins)).toEqual([
      'http://localhost:5173',
      'https://jointly.example.gov.uk',
      'https://staff.example.gov.uk',
    ]);
  });

  it('adds ALLOWED_ORIGINS to the laptop origins too', () => {
    expect(sorted(read({ ALLOWED_ORIGINS: 'http://localhost:5173' }).allowedOrigins)).toEqual([
      'http://127.0.0.1:8787',
      'http://localhost:5173',
      'http://localhost:8787',
    ]);
  });
});

describe('readConfig: each setting', () => {
  it('reads the Entra sign-in addresses and the key that seals client secrets', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = read({ ENTRA_AUTHORITIES: 'https://login.microsoftonline.us/, http://127.0.0.1:4000', SSO_SECRET_KEY: key });
    expect(config.sso.authorities).toEqual(['https://login.microsoftonline.us', 'http://127.0.0.1:4000']);
    expect(config.sso.secretKey).toEqual(new Uint8Array(Buffer.alloc(32, 7)));
  });

  it('reads the key that signs the record of formal acts, as a 32-byte seed', () => {
    const seed = Buffer.alloc(32, 9).toString('base64');
    expect(read({ RECORD_SIGNING_KEY: seed }).recordSigningKey).toEqual(new Uint8Array(Buffer.alloc(32, 9)));
  });

  it('reads TRUSTED_PROXIES as a comma-separated list, trimmed, without empty entries', () => {
    expect(read({ TRUSTED_PROXIES: ' 10.0.0.1, ,::1,10.0.0.2 ,' }).trustedProxies).toEqual(['10.0.0.1', '::1', '10.0.0.2']);
    expect(read({ TRUSTED_PROXIES: '' }).trustedProxies).toEqual([]);
  });

  it('reads session lengths in minutes and hours', () => {
    expect(read({ SESSION_IDLE_MINUTES: '45', SESSION_MAX_HOURS: '8' }).sessions).toEqual({
      idleTimeoutMs: 45 * 60_000,
      absoluteLifetimeMs: 8 * 3_600_000,
    });
  });

  it('reads the login limits, with the window in minutes', () => {
    const config = read({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '50', LOGIN_WINDOW_MINUTES: '60' });
    expect(config.loginLimits).toEqual({ perAccount: 3, perAddress: 50, windowMs: 60 * 60_000 });
  });

  it('reads the live engine’s limits, leaving the others at their defaults', () => {
    const config = read({
      MAX_MESSAGE_BYTES: '1048576',
      ROOM_GRACE_MS: '0',
      PING_INTERVAL_MS: '5000',
      CHECKPOINT_EVERY_UPDATES: '50',
      MAX_CONNECTIONS_PER_PERSON: '4',
      MAX_DOCUMENT_MB: '2',
    });
    expect(config.collab).toEqual({
      ...defaultLimits,
      maxMessageBytes: 1_048_576,
      roomGraceMs: 0,
      pingIntervalMs: 5_000,
      checkpointEveryUpdates: 50,
      maxConnectionsPerUser: 4,
      maxDocumentBytes: 2 * 1024 * 1024,
    });
  });

  it('does not change the shared default limits when limits are set', () => {
    const before = { ...defaultLimits };
    read({ MAX_MESSAGE_BYTES: '1', MAX_DOCUMENT_MB: '1' });
    expect(defaultLimits).toEqual(before);
  });

  it('reads the history pause in minutes, fractions included', () => {
    expect(read({ HISTORY_PAUSE_MINUTES: '10' }).historyPauseMs).toBe(600_000);
    expect(read({ HISTORY_PAUSE_MINUTES: '0.5' }).historyPauseMs).toBe(30_000);
    expect(read({ HISTORY_PAUSE_MINUTES: '1440' }).historyPauseMs).toBe(1440 * 60_000);
  });

  it('turns the demo off with JOINTLY_DEMO=0 and on with 1', () => {
    expect(read({ JOINTLY_DEMO: '0' }).demo).toBe(false);
    expect(read({ JOINTLY_DEMO: '1' }).demo).toBe(true);
  });

  it('reads the database path, log level and SQLite busy timeout', () => {
    const config = read({ DATABASE_PATH: '/var/lib/jointly/db.sqlite', LOG_LEVEL: 'debug', SQLITE_BUSY_TIMEOUT_MS: '5000' });
    expect(config).toMatchObject({ databasePath: '/var/lib/jointly/db.sqlite', logLevel: 'debug', busyTimeoutMs: 5000 });
    expect(read({ SQLITE_BUSY_TIMEOUT_MS: '0' }).busyTimeoutMs).toBe(0);
  });

  it('keeps live documents on PostgreSQL, told of by Redis, when DATABASE_URL and REDIS_URL are set', () => {
    const databaseUrl = 'postgres://jointly:secret@db.internal:5432/jointly';
    expect(read({ DATABASE_URL: databaseUrl, REDIS_URL: 'redis://bus.internal:6379' }).sharedDocuments).toEqual({
      databaseUrl,
      redisUrl: 'redis://bus.internal:6379',
      catchUpEveryMs: 1000,
    });
    expect(read({ DATABASE_URL: databaseUrl }).sharedDocuments?.redisUrl).toBeNull();
  });

  it('refuses REDIS_URL without DATABASE_URL, and addresses of other services, without repeating a password', () => {
    expect(() => read({ REDIS_URL: 'redis://bus.internal:6379' })).toThrow(/REDIS_URL: set DATABASE_URL too/);
    expect(() => read({ DATABASE_URL: 'mysql://root:hunter2@db/jointly' })).toThrow(/DATABASE_URL: use postgres:\/\//);
    expect(() => read({ DATABASE_URL: 'mysql://root:hunter2@db/jointly' })).not.toThrow(/hunter2/);
    expect(() => read({ DATABASE_URL: 'postgres://db/jointly', REDIS_URL: 'http://bus' })).toThrow(/REDIS_URL: use redis:\/\//);
  });

  it('keeps a metrics token of 32 characters or more', () => {
    const token = 'a'.repeat(32);
    expect(read({ METRICS_TOKEN: token }).metricsToken).toBe(token);
  });

  it('accepts the ends of the port range', () => {
    expect(read({ PORT: '0' }).port).toBe(0);
    expect(read({ PORT: '65535' }).port).toBe(65535);
  });

  describe('the client directory', () => {
    it('is the built client when CLIENT_DIR is not set', () => {
      expect(read({}, '/built').clientDir).toBe('/built');
      expect(read({}, null).clientDir).toBeNull();
    });

    it('is CLIENT_DIR when it is set', () => {
      expect(read({ CLIENT_DIR: '/srv/pages' }, '/built').clientDir).toBe('/srv/pages');
    });

    it('is none when CLIENT_DIR is set but empty (the dev server serves the pages)', () => {
      expect(read({ CLIENT_DIR: '' }, '/built').clientDir).toBeNull();
    });
  });
});

describe('readConfig with empty values', () => {
  it('takes a variable set to nothing as its default, not as zero or empty', () => {
    const config = read({ PORT: '', HOST: '', DATABASE_PATH: '', SQLITE_BUSY_TIMEOUT_MS: '', ROOM_GRACE_MS: '' });
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databasePath).toBe('./data/jointly.sqlite');
    expect(config.busyTimeoutMs).toBe(100);
    expect(config.collab.roomGraceMs).toBe(defaultLimits.roomGraceMs);
  });

  it('keeps an empty CLIENT_DIR meaning "serve no pages"', () => {
    expect(read({ CLIENT_DIR: '' }).clientDir).toBeNull();
  });

  it('allows the laptop origins when listening on every interface', () => {
    for (const HOST of ['0.0.0.0', '::']) {
      expect(read({ HOST, PORT: '9000' }).allowedOrigins).toEqual(
        expect.arrayContaining(['http://127.0.0.1:9000', 'http://localhost:9000']),
      );
    }
  });
});

describe('readConfig with bad values', () => {
  const bad: [string, string][] = [
    ['PORT', 'eighty'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PUBLIC_ORIGIN', 'jointly.example.gov.uk'],
    ['PUBLIC_ORIGIN', 'file:///srv/jointly'],
    ['ALLOWED_ORIGINS', 'nope'],
    ['ALLOWED_ORIGINS', 'https://fine.example.gov.uk, mailto:someone@example.gov.uk'],
    ['LOG_LEVEL', 'verbose'],
    ['SQLITE_BUSY_TIMEOUT_MS', '-1'],
    ['SQLITE_BUSY_TIMEOUT_MS', '5001'],
    ['MAX_MESSAGE_BYTES', '0'],
    ['ROOM_GRACE_MS', '-1'],
    ['PING_INTERVAL_MS', '0'],
    ['CHECKPOINT_EVERY_UPDATES', '1.5'],
    ['MAX_CONNECTIONS_PER_PERSON', '0'],
    ['MAX_DOCUMENT_MB', 'lots'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_MAX_HOURS', '-12'],
    ['LOGIN_MAX_FAILURES_PER_ACCOUNT', '0'],
    ['LOGIN_MAX_FAILURES_PER_ADDRESS', 'many'],
    ['LOGIN_WINDOW_MINUTES', '0'],
    ['JOINTLY_DEMO', 'true'],
    ['HISTORY_PAUSE_MINUTES', '0'],
    ['HISTORY_PAUSE_MINUTES', '1441'],
    ['METRICS_TOKEN', 'a'.repeat(31)],
    ['ENTRA_AUTHORITIES', 'http://login.example.com'],
    ['SSO_SECRET_KEY', 'too-short'],
    ['RECORD_SIGNING_KEY', 'too-short'],
  ];

  for (const [name, value] of bad) {
    it(`refuses ${name}=${JSON.stringify(value)}, naming that variable and no other`, () => {
      const error = configError({ [name]: value });
      expect(error.message).toMatch(new RegExp(`^invalid configuration: ${name}: \\S`));
      for (const other of variables.filter((variable) => variable !== name)) {
        expect(error.message).not.toContain(`${other}:`);
      }
    });
  }

  it('names every bad variable in one error, separated by semicolons', () => {
    const error = configError({ PORT: 'eighty', LOG_LEVEL: 'loud', JOINTLY_DEMO: 'yes', SESSION_IDLE_MINUTES: '30' });
    expect(error.message.startsWith('invalid configuration: ')).toBe(true);
    const named = error.message
      .slice('invalid configuration: '.length)
      .split('; ')
      .map((problem) => problem.slice(0, problem.indexOf(':')));
    expect(sorted(named)).toEqual(['JOINTLY_DEMO', 'LOG_LEVEL', 'PORT']);
  });

  it('says how to fix a metrics token that is too short', () => {
    expect(configError({ METRICS_TOKEN: 'secret' }).message).toBe(
      'invalid configuration: METRICS_TOKEN: use at least 32 random characters',
    );
  });
});
