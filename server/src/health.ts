/**
 * Health and metrics for an operations team: `/healthz` says whether the service can
 * do its job now (the database takes writes, the last commit worked, the event loop is
 * responsive, and with several servers PostgreSQL takes commits; Redis is reported but does
 * not make a server unhealthy, since edits still cross by the periodic check);
 * `/metrics` gives counters in the Prometheus text format.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { getConnInfo } from '@hono/node-server/conninfo';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { Hono, type Context } from 'hono';
import type { CollabEngine } from './collab/engine.js';
import type { Db } from './db/database.js';
import type { SharedServicesHealth } from './document-storage.js';

/** Event-loop lag above this (p99 over the last interval) counts as unhealthy. */
const maxLagMs = 1000;

export interface Health {
  readonly routes: Hono;
  stop(): void;
}

/**
 * Counters say how busy the service is and what it refuses: only the machine itself
 * (not through a proxy) or a scraper with the configured bearer token may read them.
 */
function mayReadMetrics(c: Context, metricsToken: string | null): boolean {
  const authorization = c.req.header('authorization') ?? '';
  if (metricsToken && authorization.startsWith('Bearer ')) {
    const given = new TextEncoder().encode(authorization.slice('Bearer '.length));
    const expected = new TextEncoder().encode(metricsToken);
    return given.length === expected.length && constantTimeEqual(given, expected);
  }
  if (c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined) return false;
  let peer: string;
  try {
    peer = getConnInfo(c).remote.address ?? '';
  } catch {
    return false;
  }
  return peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
}

/**
 * `sqlite` is the SQLite file the app's data is in, or null when it is on PostgreSQL
 * (DATABASE_URL): PostgreSQL taking a commit then says whether the database takes writes.
 */
export function createHealth(
  sqlite: Db | null,
  engine: CollabEngine,
  metricsToken: string | null,
  sharedServices: () => Promise<SharedServicesHealth | null> = async () => null,
): Health {
  const lag: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  let lastLag = { p99: 0, max: 0 };
  const reset = setInterval(() => {
    lastLag = { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
    lag.reset();
  }, 10_000);
  reset.unref();
  const currentLag = () => ({ p99: Math.max(lastLag.p99, lag.percentile(99) / 1e6), max: Math.max(lastLag.max, lag.max / 1e6) });

  /** Takes (and gives back) the write lock: fails when another process holds it or the file is read-only. */
  const sqliteWritable = (db: Db): boolean => {
    try {
      db.sqlite.prepare('BEGIN IMMEDIATE').run();
      db.sqlite.prepare('ROLLBACK').run();
      return true;
    } catch {
      return false;
    }
  };

  const routes = new Hono();
  routes.get('/healthz', async (c) => {
    const shared = await sharedServices();
    const writable = sqlite ? sqliteWritable(sqlite) : shared?.postgres === 'reachable';
    const eventLoop = currentLag();
    // With several servers, PostgreSQL taking a commit now outweighs a commit that failed
    // while it was away: a load balancer stops sending work to a server that says it is
    // unhealthy, so that server might never get another write to prove itself by.
    const commitsFailing = engine.metrics.lastCommitFailed && shared?.postgres !== 'reachable';
    const healthy = writable && !commitsFailing && eventLoop.p99 < maxLagMs && shared?.postgres !== 'unreachable';
    return c.json(
      {
        status: healthy ? 'ok' : 'unhealthy',
        database: writable ? (commitsFailing ? 'commits failing' : 'writable') : 'not writable',
        ...shared,
        eventLoopLagMs: { p99: round(eventLoop.p99), max: round(eventLoop.max) },
        ...engine.stats,
      },
      healthy ? 200 : 503,
    );
  });

  routes.get('/metrics', (c) => {
    if (!mayReadMetrics(c, metricsToken)) {
      return c.json({ error: { code: 'forbidden', message: 'Metrics are for this machine or a scraper with the metrics token.' } }, 403);
    }
    const m = engine.metrics;
    const stats = engine.stats;
    const eventLoop = currentLag();
    const lines = [
      gauge('jointly_connections', 'Open live connections.', stats.connections),
      gauge('jointly_rooms', 'Documents open in memory.', stats.rooms),
      counter('jointly_connections_opened_total', 'Live connections opened.', m.connectionsOpened),
      counter('jointly_frames_received_total', 'Websocket messages received.', m.framesReceived),
      counter('jointly_updates_committed_total', 'Document updates committed to the database.', m.updatesCommitted),
      counter('jointly_commits_total', 'Commit transactions (each holds the updates of one event-loop turn).', m.commits),
      counter('jointly_commit_failures_total', 'Commit transactions that failed (nothing of them was sent on).', m.commitFailures),
      counter('jointly_commit_seconds_sum', 'Time spent committing.', m.commitMsTotal / 1000),
      gauge('jointly_commit_seconds_max', 'Longest commit since start.', m.commitMsMax / 1000),
      m.commitTimes.prometheus('jointly_commit_duration_seconds', 'Commit transactions by how long they took.'),
      m.inServer.prometheus(
        'jointly_update_in_server_seconds',
        'Batches of updates by the time from the arrival of their first message to their sending on, committed.',
      ),
      '# HELP jointly_updates_from_other_servers_total Updates other servers committed, taken into documents open here, by where they were read.',
      '# TYPE jointly_updates_from_other_servers_total counter',
      `jointly_updates_from_other_servers_total{via="message"} ${m.fromOtherServers.fromMessages}`,
      `jointly_updates_from_other_servers_total{via="database"} ${m.fromOtherServers.fromStore}`,
      counter('jointly_room_loads_total', 'Documents loaded from the database.', m.roomLoads),
      counter('jointly_room_load_failures_total', 'Documents that failed to load.', m.roomLoadFailures),
      gauge('jointly_event_loop_lag_seconds', 'Event-loop delay, 99th percentile, recent.', eventLoop.p99 / 1000),
      '# HELP jointly_refused_frames_total Connections closed for what they sent, by close code.',
      '# TYPE jointly_refused_frames_total counter',
      ...[...m.refusalsByCode].map(([key, n]) => {
        const [code, reason = ''] = key.split(' ');
        return `jointly_refused_frames_total{code="${code}",reason="${reason}"} ${n}`;
      }),
    ];
    return c.text(lines.join('\n') + '\n', 200, { 'content-type': 'text/plain; version=0.0.4' });
  });

  return {
    routes,
    stop: () => {
      clearInterval(reset);
      lag.disable();
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function gauge(name: string, help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}`;
}

function counter(name: string, help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} counter\n${name} ${value}`;
}
