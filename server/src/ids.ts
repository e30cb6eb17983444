/** Random identifiers and secrets from the operating system's CSPRNG. */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 120 bits: ids of rows and rooms (lower-case letters and digits, 24 characters). */
export function newId(): string {
  return randomBase32(15);
}

/** 160 bits: the secret half of a session or invitation token. */
export function newSecret(): string {
  return randomBase32(20);
}

function randomBase32(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}
