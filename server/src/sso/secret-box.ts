/**
 * Seals a borough's client secret for the database. With `SSO_SECRET_KEY` set, the
 * secret is encrypted with AES-256-GCM under that key (a copy of the database alone then
 * does not give it away); without a key it is stored as it is, marked so, and a key set
 * later still opens it. Either way it never leaves the server again: no API answer
 * carries it, and the admin's page only says that one is stored.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const sealedPrefix = 'aes256gcm:';
const plainPrefix = 'plain:';

/** The secret as stored: sealed under `key` when there is one. */
export function sealSecret(secret: string, key: Uint8Array | null): string {
  if (!key) return plainPrefix + Buffer.from(secret, 'utf8').toString('base64');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return sealedPrefix + [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
}

/** The secret back, or an error that says what to fix (a key missing or changed). */
export function openSecret(stored: string, key: Uint8Array | null): string {
  if (stored.startsWith(plainPrefix)) return Buffer.from(stored.slice(plainPrefix.length), 'base64').toString('utf8');
  if (!stored.startsWith(sealedPrefix)) throw new Error('the stored client secret is in an unknown form');
  if (!key) throw new Error('the client secret was sealed with SSO_SECRET_KEY, which is not set now');
  const [iv, tag, body] = stored
    .slice(sealedPrefix.length)
    .split('.')
    .map((part) => Buffer.from(part, 'base64'));
  if (!iv || !tag || !body) throw new Error('the stored client secret is damaged');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the client secret could not be opened: SSO_SECRET_KEY is not the key it was sealed with');
  }
}
