/**
 * The y-websocket wire protocol, as the unmodified `WebsocketProvider` speaks it.
 *
 * Every binary frame is one message: a varuint message type, then its body.
 *   0 sync       varuint step (0 = step 1, 1 = step 2, 2 = update), then a varuint8array:
 *                  step 1: the sender's state vector — "send me what I lack";
 *                  step 2: an update with everything the receiver lacked;
 *                  update: an incremental document update.
 *   1 awareness  varuint8array of an awareness update: varuint count, then per entry
 *                varuint client id, varuint clock, varstring JSON state ("null" = left).
 *   3 query      "send me every awareness state you know" (no body).
 * Type 2 (auth) only ever goes server → client: "permission denied" with a reason.
 *
 * Decoding is strict: a frame that does not decode exactly (short, over-long, trailing
 * bytes, unknown type) raises ProtocolError, and the caller closes that connection.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../../../shared/close-codes.js';
import { liveMessageType, type LiveEvent } from '../../../shared/live-messages.js';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

export type IncomingMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

/** A frame that does not follow the protocol; `code` is the close code to answer with. */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Decodes one frame. Throws ProtocolError when it is not exactly one valid message. */
export function decodeMessage(frame: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: IncomingMessage;
    switch (type) {
      case MessageType.sync: {
        const step = decoding.readVarUint(decoder);
        const body = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.step1) message = { kind: 'sync-step-1', stateVector: body };
        else if (step === SyncStep.step2) message = { kind: 'sync-step-2', update: body };
        else if (step === SyncStep.update) message = { kind: 'update', update: body };
        else throw new ProtocolError(CloseCode.unknownMessageType, `unknown sync step ${step}`);
        break;
      }
      case MessageType.awareness:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.queryAwareness:
        message = { kind: 'query-awareness' };
        break;
      default:
        throw new ProtocolError(CloseCode.unknownMessageType, `unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) {
      throw new ProtocolError(CloseCode.malformedMessage, 'trailing bytes after the message');
    }
    return message;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(CloseCode.malformedMessage, `undecodable frame: ${describe(error)}`);
  }
}

/** `[sync, step, bytes]`: used for step 1 (bytes = state vector), step 2 and updates. */
export function encodeSyncMessage(step: number, bytes: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, bytes);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/** A server event (see shared/live-messages.ts). */
export function encodeLiveEvent(event: LiveEvent): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, liveMessageType.event);
  encoding.writeVarString(encoder, JSON.stringify(event));
  return encoding.toUint8Array(encoder);
}

/** "Your first `updates` update messages and `syncSteps` sync step 2 messages are committed." */
export function encodeSaved(updates: number, syncSteps: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, liveMessageType.saved);
  encoding.writeVarUint(encoder, updates);
  encoding.writeVarUint(encoder, syncSteps);
  return encoding.toUint8Array(encoder);
}

/** y-protocols' auth message "permission denied", which the client logs with the reason. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** One client's entry in an awareness update; `state` is null when the client left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** Decodes an awareness update strictly. Throws ProtocolError on anything malformed. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
        throw new Error('awareness state is not an object');
      }
      entries.push({ clientId, clock, state: parsed as Record<string, unknown> | null });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness entries');
    return entries;
  } catch (error) {
    throw new ProtocolError(CloseCode.malformedMessage, `undecodable awareness: ${describe(error)}`);
  }
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
