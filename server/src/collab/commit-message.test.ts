import { describe, expect, it } from 'vitest';
import { decodeCommitMessage, encodeCommitMessage, maxRelayedUpdateBytes } from './commit-message.js';

const commit = {
  updates: [
    { seq: 41, update: Uint8Array.of(1, 2, 3), authorId: 'priya', receivedAt: 1_764_000_000_000 },
    { seq: 42, update: Uint8Array.of(4), authorId: null, receivedAt: 1_764_000_000_001 },
  ],
  claims: [
    { clientId: 3_000_000_000, userId: 'priya', firstSeq: 41 },
    { clientId: 7, userId: null, firstSeq: 42 },
  ],
};

describe('the bus’s message for a commit', () => {
  it('carries the document, its position, and the commit’s updates and claims as the log holds them', () => {
    expect(decodeCommitMessage(encodeCommitMessage({ document: 'procurement-1', seq: 42, commit }))).toEqual({
      document: 'procurement-1',
      seq: 42,
      commit,
    });
  });

  it('announces a commit too large to carry by its position only', () => {
    const large = { updates: [{ seq: 9, update: new Uint8Array(maxRelayedUpdateBytes + 1), authorId: 'tom', receivedAt: 1 }], claims: [] };
    const message = encodeCommitMessage({ document: 'd', seq: 9, commit: large });
    expect(message.byteLength).toBeLessThan(100);
    expect(decodeCommitMessage(message)).toEqual({ document: 'd', seq: 9 });
    expect(decodeCommitMessage(encodeCommitMessage({ document: 'd', seq: 9 }))).toEqual({ document: 'd', seq: 9 });
  });

  it('refuses whole a message that is cut short, has bytes left over, or whose updates do not end at its position without a gap', () => {
    const whole = encodeCommitMessage({ document: 'procurement-1', seq: 42, commit });
    expect(decodeCommitMessage(whole.slice(0, whole.byteLength - 3))).toBeNull();
    expect(decodeCommitMessage(Uint8Array.from([...whole, 0]))).toBeNull();
    expect(decodeCommitMessage(encodeCommitMessage({ document: 'procurement-1', seq: 43, commit }))).toBeNull();
    const gap = { updates: [commit.updates[0]!, { ...commit.updates[1]!, seq: 43 }], claims: [] };
    expect(decodeCommitMessage(encodeCommitMessage({ document: 'procurement-1', seq: 43, commit: gap }))).toBeNull();
    expect(decodeCommitMessage(new Uint8Array())).toBeNull();
    expect(decodeCommitMessage(new TextEncoder().encode('42 procurement-1'))).toBeNull();
  });
});
