import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { localCopyDelayMs, writeLocalCopyWhenIdle } from './local-copy-when-idle.js';

/** Stands for y-indexeddb: it writes each update it is given, and listens to the document itself. */
class DeviceCopy {
  readonly written: Uint8Array[] = [];
  readonly _storeUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.written.push(update);
  };
  constructor(doc: Y.Doc) {
    doc.on('update', this._storeUpdate);
  }
  /** What a fresh device would read back. */
  text(): string {
    const doc = new Y.Doc();
    for (const update of this.written) Y.applyUpdate(doc, update);
    return doc.getText('t').toString();
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the device copy', () => {
  it('is not written inside the key press, and holds every key once the page is idle, in one write', () => {
    const doc = new Y.Doc();
    const device = new DeviceCopy(doc);
    writeLocalCopyWhenIdle(device, doc);
    for (const key of 'Must') doc.getText('t').insert(doc.getText('t').length, key);
    expect(device.written).toEqual([]);
    vi.advanceTimersByTime(localCopyDelayMs);
    expect(device.written).toHaveLength(1);
    expect(device.text()).toBe('Must');
  });

  it('is not written again with what it loaded itself', () => {
    const doc = new Y.Doc();
    const device = new DeviceCopy(doc);
    writeLocalCopyWhenIdle(device, doc);
    const saved = new Y.Doc();
    saved.getText('t').insert(0, 'kept on this device');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(saved), device);
    vi.advanceTimersByTime(localCopyDelayMs);
    expect(device.written).toEqual([]);
  });

  it('gets what waits when the page stops writing it (closing the workspace)', () => {
    const doc = new Y.Doc();
    const device = new DeviceCopy(doc);
    const stop = writeLocalCopyWhenIdle(device, doc);
    doc.getText('t').insert(0, 'Written offline.');
    stop();
    expect(device.text()).toBe('Written offline.');
    doc.getText('t').insert(0, 'after closing ');
    vi.advanceTimersByTime(localCopyDelayMs);
    expect(device.text()).toBe('Written offline.');
  });
});
