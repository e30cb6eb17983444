/**
 * The deployment's Ed25519 key, which signs the head of every procurement's record after
 * each act. It comes from RECORD_SIGNING_KEY, or else from a file beside the database,
 * made on first start (mode 0600) so that `npm start` needs nothing. Keep that file out
 * of the database's backups and back it up on its own: whoever holds it can sign.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Database, Queries } from '../db/queries.js';
import { recordKeyOf } from './keyed-database.js';

/** PKCS#8 DER prefix of an Ed25519 private key: the 32-byte seed follows it. */
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Where the key is kept when none is configured: beside the database file. */
export function keyFilePath(databasePath: string): string {
  return `${databasePath}.record-key.pem`;
}

/**
 * The signing key: the configured one (a 32-byte seed or PKCS#8 DER), or the one in the
 * file beside the database, made now if there is none yet. An in-memory database gets a
 * key of its own for its lifetime.
 */
export function loadSigningKey(configured: Uint8Array | null, databasePath: string): KeyObject {
  if (configured) return privateKeyFrom(configured);
  if (databasePath === ':memory:') return generateKeyPairSync('ed25519').privateKey;
  const file = keyFilePath(databasePath);
  if (existsSync(file)) return createPrivateKey({ key: readFileSync(file, 'utf8'), format: 'pem' });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return privateKey;
}

/** An Ed25519 private key from a 32-byte seed or PKCS#8 DER; throws a readable error otherwise. */
export function privateKeyFrom(bytes: Uint8Array): KeyObject {
  const der = bytes.length === 32 ? Buffer.concat([ed25519Pkcs8Prefix, bytes]) : Buffer.from(bytes);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('RECORD_SIGNING_KEY: use an Ed25519 key, as a 32-byte seed or PKCS#8, in base64');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('RECORD_SIGNING_KEY: use an Ed25519 key, not another kind');
  return key;
}

/** The public half, as a borough checks signatures with it. */
export interface PublicRecordKey {
  algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo, PEM. */
  publicKey: string;
  /** SHA-256 of the public key's DER (hex, first 32 digits): what a borough compares. */
  keyId: string;
}

export function publicRecordKey(privateKey: KeyObject): PublicRecordKey {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    algorithm: 'Ed25519',
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 32),
  };
}

/**
 * The words a signature covers. The verification script builds the same text, so keep
 * the two in step (scripts/verify-record.mjs).
 */
export function headStatement(procurementId: string, position: number, hash: string, signedAt: string): string {
  return `Jointly record of formal acts\nprocurement ${procurementId}\nposition ${position}\nhash ${hash}\nsigned at ${signedAt}\n`;
}

/**
 * Signs a procurement's head, inside the transaction that appended it, with the key the
 * handle carries (keyed-database.ts). Without one (the admin tool, which may not hold
 * it) the head waits for `signUnsignedHeads`.
 */
export async function signHead(db: Queries, procurementId: string, position: number, hash: string): Promise<void> {
  const key = recordKeyOf(db);
  if (!key) return;
  const at = db.now();
  const signature = sign(null, Buffer.from(headStatement(procurementId, position, hash, new Date(at).toISOString())), key);
  await db.run(
    db.kysely.insertInto('record_heads').values({
      procurement_id: procurementId,
      position,
      hash,
      signature: signature.toString('base64'),
      key_id: publicRecordKey(key).keyId,
      signed_at: at,
    }),
  );
}

/**
 * Signs every procurement's latest head that this key has not signed: acts made without
 * the key, and every head after the key is replaced.
 */
export async function signUnsignedHeads(db: Database): Promise<number> {
  const key = recordKeyOf(db);
  if (!key) return 0;
  const { keyId } = publicRecordKey(key);
  return db.transaction(async (tx) => {
    const unsigned = await tx.all(
      tx.kysely
        .selectFrom('record_entries as e')
        .select(['e.procurement_id', 'e.position', 'e.hash'])
        .where((eb) =>
          eb(
            'e.position',
            '=',
            eb
              .selectFrom('record_entries as latest')
              .select((inner) => inner.fn.max('latest.position').as('position'))
              .whereRef('latest.procurement_id', '=', 'e.procurement_id'),
          ),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('record_heads as h')
                .select('h.position')
                .whereRef('h.procurement_id', '=', 'e.procurement_id')
                .whereRef('h.position', '=', 'e.position')
                .where('h.key_id', '=', keyId),
            ),
          ),
        ),
    );
    for (const head of unsigned) await signHead(tx, head.procurement_id, head.position, head.hash);
    return unsigned.length;
  });
}
