/**
 * Specifies the y-websocket wire protocol as the server reads and writes it: each kind of
 * incoming frame, strict decoding (anything that is not exactly one valid message is a
 * ProtocolError carrying the close code to answer with), frames that the unmodified
 * y-protocols code on the other end writes and reads, and awareness updates, where a
 * null state means the client has left.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/close-codes.js';
import { liveMessageType, type LiveEvent } from '../../../shared/live-messages.js';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodeLiveEvent,
  encodePermissionDenied,
  encodeSaved,
  encodeSyncMessage,
  MessageType,
  ProtocolError,
  SyncStep,
  type AwarenessEntry,
} from './protocol.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** The ProtocolError a frame is refused with (fails the test if it is accepted). */
function refusalOf(decode: () => unknown): ProtocolError {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('the input was accepted');
}

const refusalOfFrame = (frame: Uint8Array) => refusalOf(() => decodeMessage(frame));
const refusalOfAwareness = (update: Uint8Array) => refusalOf(() => decodeAwarenessUpdate(update));

/** A document with some text in it, and the update that creates it. */
function docWithText(text: string): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return { doc, update: Y.encodeStateAsUpdate(doc) };
}

describe('the message numbers', () => {
  it('are those of y-websocket and y-protocols', () => {
    expect(MessageType).toEqual({ sync: 0, awareness: 1, auth: 2, queryAwareness: 3 });
    expect(SyncStep).toEqual({
      step1: syncProtocol.messageYjsSyncStep1,
      step2: syncProtocol.messageYjsSyncStep2,
      update: syncProtocol.messageYjsUpdate,
    });
  });
});

describe('decodeMessage', () => {
  it('reads sync step 1 as the sender’s state vector', () => {
    expect(decodeMessage(bytes(0, 0, 2, 7, 8))).toEqual({ kind: 'sync-step-1', stateVector: bytes(7, 8) });
  });

  it('reads sync step 2 as an update', () => {
    expect(decodeMessage(bytes(0, 1, 3, 1, 2, 3))).toEqual({ kind: 'sync-step-2', update: bytes(1, 2, 3) });
  });

  it('reads a sync update as an incremental update', () => {
    expect(decodeMessage(bytes(0, 2, 1, 9))).toEqual({ kind: 'update', update: bytes(9) });
  });

  it('accepts an empty body, which is a valid length-prefixed byte array', () => {
    expect(decodeMessage(bytes(0, 2, 0))).toEqual({ kind: 'update', update: bytes() });
  });

  it('reads an awareness message as its awareness update', () => {
    expect(decodeMessage(bytes(1, 2, 5, 6))).toEqual({ kind: 'awareness', update: bytes(5, 6) });
  });

  it('reads a query for awareness, which has no body', () => {
    expect(decodeMessage(bytes(3))).toEqual({ kind: 'query-awareness' });
  });

  it('reads a body longer than 127 bytes, whose length takes two bytes', () => {
    const body = new Uint8Array(300).map((_, i) => i % 256);
    const frame = new Uint8Array([0, 2, 0xac, 0x02, ...body]); // 300 = 0b10_0101100
    const message = decodeMessage(frame);
    expect(message.kind).toBe('update');
    expect(message.kind === 'update' && message.update).toEqual(body);
  });

  describe('refuses as malformed (close code 4400)', () => {
    it('an empty frame', () => {
      expect(refusalOfFrame(bytes()).code).toBe(CloseCode.malformedMessage);
    });

    it('a message type whose varuint never ends', () => {
      expect(refusalOfFrame(bytes(0x80)).code).toBe(CloseCode.malformedMessage);
    });

    it('a sync message without its step', () => {
      expect(refusalOfFrame(bytes(0)).code).toBe(CloseCode.malformedMessage);
    });

    it('a sync message without the length of its body', () => {
      expect(refusalOfFrame(bytes(0, 0)).code).toBe(CloseCode.malformedMessage);
    });

    it('a sync message whose body is shorter than its length says', () => {
      expect(refusalOfFrame(bytes(0, 2, 5, 1, 2)).code).toBe(CloseCode.malformedMessage);
    });

    it('an awareness message without its body', () => {
      expect(refusalOfFrame(bytes(1)).code).toBe(CloseCode.malformedMessage);
    });

    it('an awareness message whose body is shorter than its length says', () => {
      expect(refusalOfFrame(bytes(1, 4, 1)).code).toBe(CloseCode.malformedMessage);
    });

    it('a length too large to be a safe integer', () => {
      const error = refusalOfFrame(bytes(0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
      expect(error.code).toBe(CloseCode.malformedMessage);
      expect(error.message).toMatch(/^undecodable frame: /);
    });

    it('a sync message with bytes after its body', () => {
      const error = refusalOfFrame(bytes(0, 2, 1, 9, 9));
      expect(error.code).toBe(CloseCode.malformedMessage);
      expect(error.message).toBe('trailing bytes after the message');
    });

    it('an awareness message with bytes after its body', () => {
      expect(refusalOfFrame(bytes(1, 1, 5, 0)).code).toBe(CloseCode.malformedMessage);
    });

    it('a query for awareness that carries a body', () => {
      expect(refusalOfFrame(bytes(3, 0)).code).toBe(CloseCode.malformedMessage);
    });

    it('an over-long length even when the frame is a view into a larger buffer', () => {
      // Sockets hand over views into pooled buffers: the bytes after the frame must stay unread.
      const pool = bytes(0, 2, 4, 1, 2, 3, 4, 5, 6);
      const frame = pool.subarray(0, 5); // says 4 bytes follow, holds 2
      expect(refusalOfFrame(frame).code).toBe(CloseCode.malformedMessage);
    });
  });

  it('reads a frame that is a view into a larger buffer without reading past its end', () => {
    const pool = bytes(99, 0, 2, 2, 7, 8, 99, 99);
    expect(decodeMessage(pool.subarray(1, 6))).toEqual({ kind: 'update', update: bytes(7, 8) });
  });

  describe('refuses as of an unknown kind (close code 4415)', () => {
    it('an auth message, which only ever goes from the server to the client', () => {
      const error = refusalOfFrame(encodePermissionDenied('no'));
      expect(error.code).toBe(CloseCode.unknownMessageType);
      expect(error.message).toBe('unknown message type 2');
    });

    it('a message type the protocol does not define, whatever follows it', () => {
      expect(refusalOfFrame(bytes(4)).code).toBe(CloseCode.unknownMessageType);
      expect(refusalOfFrame(bytes(7, 1, 2, 3)).code).toBe(CloseCode.unknownMessageType);
    });

    it('the server’s own message types sent back to it', () => {
      expect(refusalOfFrame(encodeSaved(1, 1)).code).toBe(CloseCode.unknownMessageType);
      expect(refusalOfFrame(encodeLiveEvent({ type: 'versions-changed' })).code).toBe(CloseCode.unknownMessageType);
    });

    it('a message type written with more than one byte', () => {
      const error = refusalOfFrame(bytes(0xac, 0x02));
      expect(error.code).toBe(CloseCode.unknownMessageType);
      expect(error.message).toBe('unknown message type 300');
    });

    it('a sync step other than 0, 1 and 2', () => {
      const error = refusalOfFrame(bytes(0, 3, 0));
      expect(error.code).toBe(CloseCode.unknownMessageType);
      expect(error.message).toBe('unknown sync step 3');
    });
  });

  it('raises a ProtocolError named as such, so logs tell it from a crash', () => {
    const error = refusalOfFrame(bytes());
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProtocolError');
  });
});

describe('encodeSyncMessage', () => {
  it('round-trips each sync step through decodeMessage', () => {
    const payload = bytes(4, 5, 6);
    expect(decodeMessage(encodeSyncMessage(SyncStep.step1, payload))).toEqual({ kind: 'sync-step-1', stateVector: payload });
    expect(decodeMessage(encodeSyncMessage(SyncStep.step2, payload))).toEqual({ kind: 'sync-step-2', update: payload });
    expect(decodeMessage(encodeSyncMessage(SyncStep.update, payload))).toEqual({ kind: 'update', update: payload });
  });

  it('writes the exact bytes of the wire format', () => {
    expect(encodeSyncMessage(SyncStep.step2, bytes(1, 2))).toEqual(bytes(0, 1, 2, 1, 2));
  });

  it('writes an update that y-protocols on the client applies to its document', () => {
    const { update } = docWithText('Scope of the contract');
    const frame = encodeSyncMessage(SyncStep.update, update);

    const client = new Y.Doc();
    const decoder = decoding.createDecoder(frame);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null);
    expect(client.getText('t').toString()).toBe('Scope of the contract');
  });

  it('writes a step 2 that y-protocols on the client applies to its document', () => {
    const { doc } = docWithText('Lot 1');
    const client = new Y.Doc();
    const frame = encodeSyncMessage(SyncStep.step2, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(client)));

    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    expect(syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null)).toBe(syncProtocol.messageYjsSyncStep2);
    expect(client.getText('t').toString()).toBe('Lot 1');
  });
});

describe('decodeMessage on frames written by y-protocols, as the browser sends them', () => {
  it('reads sync step 1 as the client document’s state vector', () => {
    const { doc } = docWithText('hello');
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, doc);

    const message = decodeMessage(encoding.toUint8Array(encoder));
    expect(message).toEqual({ kind: 'sync-step-1', stateVector: Y.encodeStateVector(doc) });
  });

  it('reads an update that applies to a server-side document', () => {
    const { update } = docWithText('Social value');
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);

    const message = decodeMessage(encoding.toUint8Array(encoder));
    if (message.kind !== 'update') throw new Error(`expected an update, got ${message.kind}`);
    const server = new Y.Doc();
    Y.applyUpdate(server, message.update);
    expect(server.getText('t').toString()).toBe('Social value');
  });

  it('reads an awareness message whose body decodes as the client’s awareness', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    try {
      awareness.setLocalState({ user: { name: 'Ada' } });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));

      const message = decodeMessage(encoding.toUint8Array(encoder));
      if (message.kind !== 'awareness') throw new Error(`expected awareness, got ${message.kind}`);
      expect(decodeAwarenessUpdate(message.update)).toEqual([{ clientId: doc.clientID, clock: 1, state: { user: { name: 'Ada' } } }]);
    } finally {
      awareness.destroy();
    }
  });
});

describe('encodeAwarenessMessage', () => {
  it('round-trips through decodeMessage', () => {
    const update = encodeAwarenessUpdate([{ clientId: 1, clock: 2, state: { a: 1 } }]);
    expect(decodeMessage(encodeAwarenessMessage(update))).toEqual({ kind: 'awareness', update });
  });
});

describe('encodeLiveEvent', () => {
  it('writes message type 100 followed by the event as JSON', () => {
    const event: LiveEvent = { type: 'document-size', bytes: 900, limit: 1000 };
    const decoder = decoding.createDecoder(encodeLiveEvent(event));
    expect(decoding.readVarUint(decoder)).toBe(liveMessageType.event);
    expect(JSON.parse(decoding.readVarString(decoder))).toEqual(event);
    expect(decoding.hasContent(decoder)).toBe(false);
  });
});

describe('encodeSaved', () => {
  it('writes message type 101, then the update count, then the sync step count', () => {
    const decoder = decoding.createDecoder(encodeSaved(1234, 5));
    expect(decoding.readVarUint(decoder)).toBe(liveMessageType.saved);
    expect(decoding.readVarUint(decoder)).toBe(1234);
    expect(decoding.readVarUint(decoder)).toBe(5);
    expect(decoding.hasContent(decoder)).toBe(false);
  });
});

describe('encodePermissionDenied', () => {
  it('writes an auth message that y-protocols reads as "permission denied" with the reason', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('Your access was removed.'));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.auth);
    const reasons: string[] = [];
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => reasons.push(reason));
    expect(reasons).toEqual(['Your access was removed.']);
    expect(decoding.hasContent(decoder)).toBe(false);
  });
});

describe('awareness updates', () => {
  it('round-trip several entries, in order, through encode and decode', () => {
    const entries: AwarenessEntry[] = [
      { clientId: 1, clock: 0, state: {} },
      { clientId: 4_000_000_000, clock: 70_000, state: { user: { name: 'Zoë', colour: '#1d70b8' }, cursor: null } },
    ];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
  });

  it('round-trip a null state, meaning the client has left', () => {
    const entries: AwarenessEntry[] = [{ clientId: 42, clock: 3, state: null }];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
  });

  it('round-trip an update with no entries', () => {
    expect(encodeAwarenessUpdate([])).toEqual(bytes(0));
    expect(decodeAwarenessUpdate(bytes(0))).toEqual([]);
  });

  it('are written as y-protocols writes them, so browsers apply them', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    try {
      awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessUpdate([{ clientId: 77, clock: 1, state: { name: 'Bea' } }]), null);
      expect(awareness.getStates().get(77)).toEqual({ name: 'Bea' });

      awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessUpdate([{ clientId: 77, clock: 2, state: null }]), null);
      expect(awareness.getStates().has(77)).toBe(false);
    } finally {
      awareness.destroy();
    }
  });

  it('decode a departure written by y-protocols as a null state', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    try {
      awareness.setLocalState({ name: 'Cy' });
      awareness.setLocalState(null);
      const entries = decodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
      expect(entries).toEqual([{ clientId: doc.clientID, clock: 2, state: null }]);
    } finally {
      awareness.destroy();
    }
  });

  describe('refuse as malformed (close code 4400)', () => {
    /** An update of one entry whose state is the given text. */
    const withState = (json: string) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, 9);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, json);
      return encoding.toUint8Array(encoder);
    };

    it('an empty update', () => {
      expect(refusalOfAwareness(bytes()).code).toBe(CloseCode.malformedMessage);
    });

    it('an update with fewer entries than its count says', () => {
      const two = encodeAwarenessUpdate([
        { clientId: 1, clock: 1, state: {} },
        { clientId: 2, clock: 1, state: {} },
      ]);
      const claimsThree = Uint8Array.from(two);
      claimsThree[0] = 3;
      expect(refusalOfAwareness(claimsThree).code).toBe(CloseCode.malformedMessage);
    });

    it('an entry cut short', () => {
      const whole = encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: { name: 'Di' } }]);
      expect(refusalOfAwareness(whole.subarray(0, whole.length - 1)).code).toBe(CloseCode.malformedMessage);
    });

    it('bytes after the last entry', () => {
      const whole = encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: null }]);
      const error = refusalOfAwareness(Uint8Array.from([...whole, 0]));
      expect(error.code).toBe(CloseCode.malformedMessage);
      expect(error.message).toBe('undecodable awareness: trailing bytes after awareness entries');
    });

    it('a state that is not JSON', () => {
      const error = refusalOfAwareness(withState('{name:'));
      expect(error.code).toBe(CloseCode.malformedMessage);
      expect(error.message).toMatch(/^undecodable awareness: /);
    });

    it('a state that is JSON but not an object', () => {
      for (const json of ['"text"', '42', 'true', '[]', '[{"name":"Ed"}]']) {
        const error = refusalOfAwareness(withState(json));
        expect(error.code, json).toBe(CloseCode.malformedMessage);
        expect(error.message, json).toBe('undecodable awareness: awareness state is not an object');
      }
    });
  });
});
