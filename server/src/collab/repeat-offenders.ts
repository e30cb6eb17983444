/**
 * People whose input the engine refuses again and again. Each refusal may cost a reload
 * of the document, so after `maxRefusalsPerUser` refusals within the window a person's
 * new connections are turned away for a while.
 */
import { CloseCode } from '../../../shared/close-codes.js';
import type { Clock } from '../clock.js';
import type { CollabLimits } from './limits.js';

/** Refusals that say something about the sender's input (not a slow network or a full document). */
const countsAgainstPerson = new Set<number>([
  CloseCode.malformedMessage,
  CloseCode.forgedAuthor,
  CloseCode.onlySuggestions,
  CloseCode.tooMuchPending,
  CloseCode.unknownMessageType,
  CloseCode.invalidUpdate,
  CloseCode.awarenessRefused,
  CloseCode.tooFrequent,
  CloseCode.unsupportedData,
]);

export class RepeatOffenders {
  private readonly records = new Map<string | null, { at: number[]; blockedUntil: number }>();

  constructor(
    private readonly limits: CollabLimits,
    private readonly clock: Clock,
  ) {}

  /** Records a refusal of `userId`'s input; true when it starts a pause for them. */
  refused(userId: string | null, code: number): boolean {
    if (!countsAgainstPerson.has(code)) return false;
    const now = this.clock.now();
    const { maxRefusalsPerUser, refusalWindowMs, refusalBlockMs } = this.limits;
    const record = this.records.get(userId) ?? { at: [], blockedUntil: 0 };
    record.at = [...record.at.filter((at) => at > now - refusalWindowMs), now];
    const paused = record.at.length >= maxRefusalsPerUser;
    if (paused) {
      record.blockedUntil = now + refusalBlockMs;
      record.at = [];
    }
    this.records.set(userId, record);
    return paused;
  }

  /** Whether `userId` is turned away right now. */
  paused(userId: string | null): boolean {
    const record = this.records.get(userId);
    if (!record) return false;
    if (record.blockedUntil > this.clock.now()) return true;
    if (record.at.length === 0) this.records.delete(userId);
    return false;
  }
}
