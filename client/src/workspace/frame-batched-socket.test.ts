import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageBatcher } from './frame-batched-socket.js';

/** A batcher whose "next frame" comes when the test says so. */
function batcherOnDoc(doc: Y.Doc, origin: object, errors: unknown[] = [], handleAtOnce?: () => boolean) {
  const frames: (() => void)[] = [];
  const batcher = new MessageBatcher<Uint8Array | 'broken'>(
    (message) => {
      if (message === 'broken') throw new Error('A message this version cannot read');
      Y.applyUpdate(doc, message, origin);
    },
    {
      schedule: (flush) => frames.push(flush),
      runBatch: (handleAll) => doc.transact(handleAll, origin),
      onError: (error) => errors.push(error),
      handleAtOnce,
    },
  );
  const nextFrame = () => frames.splice(0).forEach((flush) => flush());
  return { batcher, nextFrame, frames };
}

/** Three changes a colleague typed, one update each. */
function colleagueTyping(): Uint8Array[] {
  const colleague = new Y.Doc();
  const updates: Uint8Array[] = [];
  colleague.on('update', (update: Uint8Array) => updates.push(update));
  const text = colleague.getText('specification');
  for (const word of ['The ', 'system ', 'shall']) text.insert(text.length, word);
  return updates;
}

describe('messages handled in batches of one frame', () => {
  it('applies everything that arrived within a frame as one change, in order, and only at the frame', () => {
    const doc = new Y.Doc();
    const provider = {};
    const changes: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => changes.push(transaction.origin));
    const { batcher, nextFrame, frames } = batcherOnDoc(doc, provider);

    for (const update of colleagueTyping()) batcher.add(update);

    expect(doc.getText('specification').toString()).toBe('');
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(doc.getText('specification').toString()).toBe('The system shall');
    expect(changes).toEqual([provider]);
  });

  it('handles what is queued at once when asked (before a close), and nothing twice', () => {
    const doc = new Y.Doc();
    const { batcher, nextFrame } = batcherOnDoc(doc, {});
    const [first] = colleagueTyping();

    batcher.add(first!);
    batcher.flush();
    expect(doc.getText('specification').toString()).toBe('The ');
    nextFrame();
    expect(doc.getText('specification').toString()).toBe('The ');
  });

  it('still applies the rest of a batch when one message cannot be read', () => {
    const doc = new Y.Doc();
    const errors: unknown[] = [];
    const { batcher, nextFrame } = batcherOnDoc(doc, {}, errors);
    const [first, second, third] = colleagueTyping();

    for (const message of [first!, 'broken' as const, second!, third!]) batcher.add(message);
    nextFrame();

    expect(doc.getText('specification').toString()).toBe('The system shall');
    expect(errors).toHaveLength(1);
  });

  it('before the first sync, handles each message as it arrives (no keystroke can be waiting), then batches, in order', () => {
    const doc = new Y.Doc();
    let synced = false;
    const { batcher, nextFrame, frames } = batcherOnDoc(doc, {}, [], () => !synced);
    const [first, second, third] = colleagueTyping();

    batcher.add(first!);
    expect(doc.getText('specification').toString()).toBe('The ');
    expect(frames).toHaveLength(0);

    synced = true;
    batcher.add(second!);
    expect(doc.getText('specification').toString()).toBe('The ');
    // Connection lost and back: the next sync is handled at once too, after what waits.
    synced = false;
    batcher.add(third!);
    expect(doc.getText('specification').toString()).toBe('The system shall');
    nextFrame();
    expect(doc.getText('specification').toString()).toBe('The system shall');
  });
});
