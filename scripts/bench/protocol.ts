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

export const workloadNames = ['fanout', 'throughput', 'cold-load', 'many-rooms', 'churn', 'limit'] as const;
export type WorkloadName = (typeof workloadNames)[number];

export interface Sizes {
  fanout: { clients: number; writers: number; perSecond: number; seconds: number };
  throughput: { updates: number };
  coldLoad: { updates: number; restarts: number };
  manyRooms: { rooms: number; bytesPerRoom: number };
  churn: { clients: number; seconds: number };
  limit: { updates: number };
}

/** A workload's figures: a number, null when it does not apply, or a short note. */
export type Metrics = Record<string, number | string | null>;

export interface DriverJob {
  workload: WorkloadName;
  /** Null for the in-process baseline, which needs no server. */
  target: ServerTarget | null;
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
