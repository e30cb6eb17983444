import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange, shiftIndex } from './YTextField.js';

describe('binding a text field to a Y.Text', () => {
  it('writes only the smallest change, so concurrent typing in one field merges', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Hackney leads');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    applyTextChange(a.getText('t'), 'Hackney leads the buy');
    applyTextChange(b.getText('t'), 'Camden and Hackney leads');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('Camden and Hackney leads the buy');
    expect(b.getText('t').toString()).toBe(a.getText('t').toString());
  });

  it('keeps the caret in place when someone else types before or after it', () => {
    expect(shiftIndex(5, [{ insert: 'abc' }])).toBe(8);
    expect(shiftIndex(5, [{ retain: 6 }, { insert: 'abc' }])).toBe(5);
    expect(shiftIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(shiftIndex(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
  });
});
