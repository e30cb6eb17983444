/**
 * What the orchestrator (run.ts) and a driver process (driver.ts) tell each other over
 * the child-process IPC channel, and the shapes both sides share.
 */
export type ServerKind = 'ours' | 'ref' | 'hocuspocus';

/** Our room grace period for the bench (default 10 s): the many-rooms workload waits it out. */
export const oursGraceMs = 2000;

export interface ServerTarget {
  kind: ServerKind;
  /** http://127.0.0.1:port */
  url: string;
  /** The address a client's websocket provider takes. */
  wsUrl: string;
  /** The folder holding the server's data, on the disk it writes to. */
  dataDir: string;
}

export const workloadNames = ['fanout', 'presence', 'throughput', 'cold-load', 'many-rooms', 'churn', 'limit', 'servers'] as const;
export type WorkloadName = (typeof workloadNames)[number];

/**
 * What one driver process runs: a workload of one server, or a part of the several-servers
 * run (`servers`), which is fan-out and `documents` (throughput across many documents).
 */
export type DriverWorkload = Exclude<WorkloadName, 'servers'> | 'documents';

/** Several servers of one setup: clients connect to them in turn. */
export interface Spread {
  targets: ServerTarget[];
  /** Rooms made beforehand, handed out in order by `newRoom`; null: the kit makes its own. */
  rooms: string[] | null;
}

export interface Sizes {
  fanout: { clients: number; writers: number; perSecond: number; seconds: number };
  presence: { clients: number; typists: number; perSecond: number; seconds: number };
  throughput: { updates: number };
  coldLoad: { updates: number; restarts: number };
  manyRooms: { rooms: number; bytesPerRoom: number };
  churn: { clients: number; seconds: number };
  limit: { updates: number };
  /** The several-servers run: its fan-out takes `fanout`'s sizes. */
  servers: { documents: number; updatesPerDocument: number };
}

/** A workload's figures: a number, null when it does not apply, or a short note. */
export type Metrics = Record<string, number | string | null>;

export interface DriverJob {
  workload: DriverWorkload;
  /** Null for the in-process baseline, which needs no server. */
  target: ServerTarget | null;
  /** Set for the several-servers run: clients go to these servers in turn. */
  spread?: Spread;
  sizes: Sizes;
  /** Seeds the random schedules, so every server gets the same one in a run. */
  seed: number;
  /**
   * Our new procurement's starter document (base64 of a Yjs update). The many-rooms
   * workload writes it into the peers' rooms too, so every server holds the same documents.
   */
  starter: string;
}

/** Things only the orchestrator can do: it owns the server process. */
export type ControlOp = 'rss' | 'rooms' | 'restart';

export type DriverMessage =
  { type: 'control'; id: number; op: ControlOp } | { type: 'result'; metrics: Metrics } | { type: 'failed'; error: string };

export type OrchestratorMessage =
  { type: 'job'; job: DriverJob } | { type: 'control-reply'; id: number; value: number | null; error?: string };
