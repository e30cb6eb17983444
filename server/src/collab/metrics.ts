/** Counters of the live engine, for /metrics and /healthz. */
import { closeCodeName } from '../../../shared/close-codes.js';
import { LatencyHistogram } from './latency-histogram.js';

export class CollabMetrics {
  connectionsOpened = 0;
  connectionsClosed = 0;
  framesReceived = 0;
  roomLoads = 0;
  roomLoadFailures = 0;
  updatesCommitted = 0;
  commits = 0;
  commitFailures = 0;
  /** Sum and maximum of commit durations (ms), for the mean and the worst. */
  commitMsTotal = 0;
  commitMsMax = 0;
  /** How long each commit transaction took. */
  readonly commitTimes = new LatencyHistogram();
  /**
   * From the arrival of a batch's first message to the batch sent on to everyone:
   * waiting for the turn, applying, committing and sending.
   */
  readonly inServer = new LatencyHistogram();
  /** Updates other servers committed to rooms open here, by where this server read them (several servers). */
  readonly fromOtherServers = { fromMessages: 0, fromStore: 0 };
  /** True from a failed commit until the next one succeeds. */
  lastCommitFailed = false;
  readonly refusalsByCode = new Map<string, number>();

  recordCommit(ms: number, updates: number): void {
    this.commits++;
    this.updatesCommitted += updates;
    this.commitMsTotal += ms;
    if (ms > this.commitMsMax) this.commitMsMax = ms;
    this.commitTimes.record(ms);
    this.lastCommitFailed = false;
  }

  recordCommitFailure(): void {
    this.commitFailures++;
    this.lastCommitFailed = true;
  }

  countRefusal(code: number): void {
    const key = `${code}${closeCodeName(code) ? ` ${closeCodeName(code)}` : ''}`;
    this.refusalsByCode.set(key, (this.refusalsByCode.get(key) ?? 0) + 1);
  }
}
