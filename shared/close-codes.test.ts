import { describe, expect, it } from 'vitest';
import { closeReason } from './close-codes.js';

describe('close reasons', () => {
  // A reason over the limit cannot be sent: the socket would stay open, unanswered.
  it.each(Object.entries(closeReason))('%s fits in a close frame', (_name, reason) => {
    expect(new TextEncoder().encode(reason).byteLength).toBeLessThanOrEqual(123);
  });
});
