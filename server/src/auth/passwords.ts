/**
 * Password hashing with argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane).
 * Unknown accounts are verified against a dummy hash so that both failures take the
 * same time and give the same answer.
 */
import { hash, verify, type Options } from '@node-rs/argon2';

/** `algorithm: 2` is Argon2id (the package's const enum cannot be imported under isolated modules). */
const options: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let verifications = 0;

/** How many argon2id verifications this process has run (both kinds of failed sign-in must cost one). */
export function passwordVerifications(): number {
  return verifications;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  verifications++;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the time of a real verification, for an account that does not exist. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password, only a timing decoy');
  await verifyPassword(await dummyHash, password);
  return false;
}
