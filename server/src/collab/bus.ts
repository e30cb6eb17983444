/**
 * The bus between servers that share one document log: after each commit a server says
 * which document reached which log position, and the others fetch what they lack from
 * the log. A message only hurries a server along; what it carries is read from the store,
 * so a lost message delays an update and never loses it (the engine also checks open
 * rooms against the store now and then).
 */

/** Called when another server (or this one) committed a document up to `seq`. */
export type CommittedListener = (document: string, seq: number) => void;

export interface DocumentBus {
  /** Says that `document` is committed up to `seq`. Never throws; a failed send is only logged. */
  publish(document: string, seq: number): void;
  /** Whether messages can be sent and received now. */
  readonly connected: boolean;
  /** Listens to every server's commits (this server's own included). */
  onCommitted(listener: CommittedListener): void;
  close(): Promise<void>;
}
