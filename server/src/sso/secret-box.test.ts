/**
 * Client secrets at rest: sealed under the configured key (and only that key opens
 * them), or kept as given without one, and a missing or wrong key said plainly.
 */
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box.js';

const key = new Uint8Array(32).fill(1);
const otherKey = new Uint8Array(32).fill(2);

describe('client secrets at rest', () => {
  it('are sealed under the key, differently each time, and opened with it', () => {
    const sealed = sealSecret('s3cret~value', key);
    expect(sealed).not.toContain('s3cret');
    expect(sealSecret('s3cret~value', key)).not.toBe(sealed);
    expect(openSecret(sealed, key)).toBe('s3cret~value');
  });

  it('are refused with a plain reason under another key or none', () => {
    const sealed = sealSecret('s3cret~value', key);
    expect(() => openSecret(sealed, otherKey)).toThrow(/not the key it was sealed with/);
    expect(() => openSecret(sealed, null)).toThrow(/SSO_SECRET_KEY, which is not set now/);
  });

  it('are kept as given without a key, and still open once a key is set', () => {
    const stored = sealSecret('s3cret~value', null);
    expect(openSecret(stored, null)).toBe('s3cret~value');
    expect(openSecret(stored, key)).toBe('s3cret~value');
  });
});
