/** Table types, one interface per table, assembled into the database schema. */

export interface DocumentUpdatesTable {
  document: string;
  seq: number;
  update_bytes: Uint8Array;
  /** Milliseconds since the epoch, server clock. */
  received_at: number;
  /** The authenticated user whose connection sent the update; null for server-made changes. */
  author_id: string | null;
}

export interface DocumentCheckpointsTable {
  document: string;
  /** The state includes every update with a seq up to and including this one. */
  seq: number;
  state: Uint8Array;
  created_at: number;
  /** 1 when kept for history; 0 for the load checkpoint, replaced as the log grows. */
  retained: number;
}

export interface DocumentClientsTable {
  document: string;
  client_id: number;
  user_id: string | null;
  first_seq: number;
}

export interface Schema {
  document_updates: DocumentUpdatesTable;
  document_checkpoints: DocumentCheckpointsTable;
  document_clients: DocumentClientsTable;
}
