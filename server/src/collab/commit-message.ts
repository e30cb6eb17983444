/**
 * The bus's message for a commit, in bytes: the document, the position it reached and,
 * when they are small enough to be worth sending, the updates and client-id claims the
 * commit wrote. A message that cannot be read is refused whole (null), never half-read.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CommitRelay } from './bus.js';
import type { ClientClaim, LoggedUpdate } from './store.js';

/** Update bytes a message carries at most; a larger commit is announced by its position only. */
export const maxRelayedUpdateBytes = 64 * 1024;

export interface CommitMessage {
  document: string;
  seq: number;
  commit?: CommitRelay;
}

export function encodeCommitMessage({ document, seq, commit }: CommitMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, document);
  encoding.writeVarUint(encoder, seq);
  const bytes = commit ? commit.updates.reduce((sum, u) => sum + u.update.byteLength, 0) : 0;
  const carried = commit && bytes <= maxRelayedUpdateBytes ? commit : null;
  encoding.writeVarUint(encoder, carried ? 1 : 0);
  if (carried) {
    encoding.writeVarUint(encoder, carried.updates.length);
    for (const update of carried.updates) {
      encoding.writeVarUint(encoder, update.seq);
      encoding.writeVarUint8Array(encoder, update.update);
      writeOptionalString(encoder, update.authorId);
      encoding.writeVarUint(encoder, update.receivedAt);
    }
    encoding.writeVarUint(encoder, carried.claims.length);
    for (const claim of carried.claims) {
      encoding.writeVarUint(encoder, claim.clientId);
      writeOptionalString(encoder, claim.userId);
      encoding.writeVarUint(encoder, claim.firstSeq);
    }
  }
  return encoding.toUint8Array(encoder);
}

export function decodeCommitMessage(message: Uint8Array): CommitMessage | null {
  try {
    const decoder = decoding.createDecoder(message);
    const document = decoding.readVarString(decoder);
    const seq = decoding.readVarUint(decoder);
    if (document.length === 0 || seq < 1) return null;
    if (decoding.readVarUint(decoder) === 0) return decoding.hasContent(decoder) ? null : { document, seq };
    const updates: LoggedUpdate[] = [];
    for (let count = decoding.readVarUint(decoder); count > 0; count--) {
      updates.push({
        seq: decoding.readVarUint(decoder),
        // A copy: the decoder's view shares the message's buffer.
        update: decoding.readVarUint8Array(decoder).slice(),
        authorId: readOptionalString(decoder),
        receivedAt: decoding.readVarUint(decoder),
      });
    }
    const claims: ClientClaim[] = [];
    for (let count = decoding.readVarUint(decoder); count > 0; count--) {
      claims.push({
        clientId: decoding.readVarUint(decoder),
        userId: readOptionalString(decoder),
        firstSeq: decoding.readVarUint(decoder),
      });
    }
    if (decoding.hasContent(decoder)) return null;
    // The updates run without a gap up to the position announced.
    if (updates.length === 0 || updates.some((u, i) => u.seq !== seq - updates.length + 1 + i)) return null;
    return { document, seq, commit: { updates, claims } };
  } catch {
    return null;
  }
}

function writeOptionalString(encoder: encoding.Encoder, value: string | null): void {
  encoding.writeVarUint(encoder, value === null ? 0 : 1);
  if (value !== null) encoding.writeVarString(encoder, value);
}

function readOptionalString(decoder: decoding.Decoder): string | null {
  return decoding.readVarUint(decoder) === 0 ? null : decoding.readVarString(decoder);
}
