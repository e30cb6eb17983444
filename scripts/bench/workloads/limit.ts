/**
 * The limit: what Yjs itself costs for the throughput workload's updates, with no server
 * and no network. (1) applying them all to a fresh document; (2) what a relay does per
 * update: decode the incoming sync message, apply, encode the message sent on.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Metrics, Sizes } from '../protocol.js';
import { now } from '../wait.js';
import { typeChunk, typedCount } from './common.js';

const messageSync = 0;
const syncUpdate = 2;

function syncMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncUpdate);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function limit(sizes: Sizes): Metrics {
  const { updates: count } = sizes.limit;
  // The same updates the throughput writer sends.
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) typeChunk(source, i);

  const applyStarted = now();
  const applied = new Y.Doc();
  for (const update of updates) Y.applyUpdate(applied, update);
  const applySeconds = (now() - applyStarted) / 1000;
  if (typedCount(applied) !== count) throw new Error('apply baseline lost updates');

  const frames = updates.map(syncMessage);
  const relayStarted = now();
  const relayed = new Y.Doc();
  let outBytes = 0;
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const update = decoding.readVarUint8Array(decoder);
    Y.applyUpdate(relayed, update);
    outBytes += syncMessage(update).byteLength;
  }
  const relaySeconds = (now() - relayStarted) / 1000;
  if (typedCount(relayed) !== count || outBytes === 0) throw new Error('relay baseline lost updates');

  return {
    'limit.applyPerSecond': count / applySeconds,
    'limit.relayPerSecond': count / relaySeconds,
  };
}
