#!/usr/bin/env node
/**
 * Checks a downloaded record of formal acts, with Node alone (18 or later, nothing to
 * install):
 *
 *   node verify-record.mjs record.json
 *
 * It recomputes every entry's SHA-256 over the previous entry's hash and the entry's
 * exact text, checks that positions run 1, 2, 3… with nothing missing or out of order,
 * that every signed head and every borough's sign-off names a hash the chain really
 * has, and that the signatures were made with the key in the file. Compare that key's
 * id with the one your deployment publishes (GET /api/record-key) or the one your
 * borough noted when it signed off.
 *
 * Prints "intact: …" and exits 0, or "broken at entry K: …" and exits 1 (2 when the file
 * cannot be read at all).
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const firstPreviousHash = '0'.repeat(64);

function fail(position, reason) {
  console.log(`broken at entry ${position}: ${reason}`);
  process.exit(1);
}

function unreadable(reason) {
  console.error(`cannot check this file: ${reason}`);
  process.exit(2);
}

/** The words the deployment signs for a head (server/src/record/signing.ts says the same). */
function headStatement(procurementId, position, hash, signedAt) {
  return `Jointly record of formal acts\nprocurement ${procurementId}\nposition ${position}\nhash ${hash}\nsigned at ${signedAt}\n`;
}

const path = process.argv[2];
if (!path) unreadable('give the downloaded file, e.g. node verify-record.mjs record.json');
let record;
try {
  record = JSON.parse(readFileSync(path, 'utf8'));
} catch (error) {
  unreadable(error instanceof Error ? error.message : String(error));
}
if (record?.format !== 'jointly-record-of-formal-acts/1' || !Array.isArray(record.entries) || !Array.isArray(record.signedHeads)) {
  unreadable('this is not a downloaded record of formal acts');
}

let key;
try {
  key = createPublicKey({ key: record.key.publicKey, format: 'pem' });
} catch {
  unreadable('the public key in the file cannot be read');
}
const keyId = createHash('sha256')
  .update(key.export({ format: 'der', type: 'spki' }))
  .digest('hex')
  .slice(0, 32);
const procurementId = record.procurement?.id;

// The chain: each entry hashes the one before it, over its exact text.
const hashes = [];
let previousHash = firstPreviousHash;
for (const [index, item] of record.entries.entries()) {
  const expected = index + 1;
  if (item.position !== expected) {
    fail(
      expected,
      item.position > expected
        ? `entry ${expected} is missing (the next is ${item.position})`
        : `entry ${item.position} appears out of order`,
    );
  }
  let entry;
  try {
    entry = JSON.parse(item.entry);
  } catch {
    fail(expected, 'its text is not the JSON that was recorded');
  }
  if (entry.position !== expected || entry.procurement !== procurementId) {
    fail(expected, `its text says it is entry ${entry.position} of procurement ${entry.procurement}`);
  }
  if (item.previousHash !== previousHash) fail(expected, 'it does not follow the entry before it (the previous hash differs)');
  const hash = createHash('sha256').update(previousHash, 'utf8').update(item.entry, 'utf8').digest('hex');
  if (hash !== item.hash) fail(expected, 'its text was changed after it was recorded (its hash differs)');
  hashes.push(hash);
  previousHash = hash;
}

// Signed heads and sign-offs must name hashes the chain has.
let latestSigned = null;
for (const head of record.signedHeads) {
  if (head.position > hashes.length)
    fail(hashes.length + 1, `a head was signed at entry ${head.position}, but the record ends at entry ${hashes.length}`);
  if (hashes[head.position - 1] !== head.hash) fail(head.position, 'the chain differs from the head signed at this entry');
  if (head.keyId !== keyId) continue;
  const statement = headStatement(procurementId, head.position, head.hash, head.signedAt);
  if (!verify(null, Buffer.from(statement), key, Buffer.from(head.signature, 'base64'))) {
    fail(head.position, 'the signature on the head at this entry is not the deployment key’s');
  }
  if (!latestSigned || head.position >= latestSigned.position) latestSigned = head;
}
for (const signOff of record.signOffs ?? []) {
  if (signOff.position === 0) continue;
  if (signOff.position > hashes.length || hashes[signOff.position - 1] !== signOff.hash) {
    fail(signOff.position, `${signOff.borough} signed off having seen a different record up to this entry`);
  }
}
if (hashes.length > 0 && (!latestSigned || latestSigned.position !== hashes.length)) {
  fail((latestSigned?.position ?? 0) + 1, 'the entries from here on were never signed by the deployment key');
}

if (hashes.length === 0) {
  console.log(`intact: 0 entries (nothing on record yet), key ${keyId}`);
} else {
  console.log(
    `intact: ${hashes.length} entries, head ${latestSigned.position} (${latestSigned.hash.slice(0, 16)}…) signed by key ${keyId} at ${latestSigned.signedAt}`,
  );
}
