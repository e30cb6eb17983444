/**
 * The person palette: every colour readable both ways against white (WCAG 2.2 AA, worked
 * out here from the WCAG formula itself), the colours far enough apart to tell from one
 * another, and colours given per procurement so that no two members share one.
 */
import { describe, expect, it } from 'vitest';
import {
  assignColours,
  colourPeople,
  contrastRatio,
  noPersonColour,
  personPalette,
  presenceColour,
  presencePalette,
  presenceTextColour,
  relativeLuminance,
} from './presence.js';

/** WCAG 2.2's relative luminance, written out again so the module is not checked against itself. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const ratio = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};

/** CIELAB (D65) of a colour, for how far apart two colours look. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const distance = (a: string, b: string) => {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};

const ids = (n: number) => Array.from({ length: n }, (_, i) => `user${String(i).padStart(8, '0')}`);

describe('the person palette', () => {
  it('has at least 12 different colours, written #rrggbb', () => {
    expect(presencePalette.length).toBeGreaterThanOrEqual(12);
    expect(new Set(presencePalette).size).toBe(presencePalette.length);
    for (const colour of presencePalette) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(personPalette.map((c) => c.hex)).toEqual(presencePalette);
  });

  it('meets WCAG 2.2 AA (4.5:1) as text on white and behind white text', () => {
    for (const colour of presencePalette) {
      expect(ratio(colour, '#ffffff'), `${colour} on white`).toBeGreaterThanOrEqual(4.5);
      expect(ratio('#ffffff', colour), `white on ${colour}`).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(colour, '#ffffff')).toBeCloseTo(ratio(colour, '#ffffff'), 10);
      expect(presenceTextColour(colour)).toBe('#ffffff');
    }
    // So does the colour of changes nobody made.
    expect(ratio(noPersonColour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('works out luminance and contrast as WCAG does', () => {
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
    // WCAG's own example of the lightest grey that passes on white.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(() => relativeLuminance('blue')).toThrow();
    // Light colours from elsewhere get black labels.
    expect(presenceTextColour('#ffdd00')).toBe('#0b0c0c');
    expect(presenceTextColour('not a colour')).toBe('#ffffff');
  });

  it('keeps every two colours well apart (CIELAB distance of 25 or more), and from the no-person grey', () => {
    for (const [i, a] of presencePalette.entries()) {
      expect(distance(a, noPersonColour), `${a} and grey`).toBeGreaterThanOrEqual(25);
      for (const b of presencePalette.slice(i + 1)) expect(distance(a, b), `${a} and ${b}`).toBeGreaterThanOrEqual(25);
    }
  });
});

describe('colours given in a procurement', () => {
  it('gives no two people the same colour, up to the size of the palette', () => {
    for (let n = 1; n <= presencePalette.length; n++) {
      const colours = assignColours(ids(n));
      expect(colours.size).toBe(n);
      expect(new Set(colours.values()).size).toBe(n);
    }
    // Whatever the ids: a thousand groups of ids like the server's (from a seeded generator, to repeat).
    let seed = 2026;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let round = 0; round < 1000; round++) {
      const group = Array.from({ length: presencePalette.length }, () => next().toString(36) + next().toString(36));
      expect(new Set(assignColours(group).values()).size).toBe(new Set(group).size);
    }
  });

  it('beyond the palette, uses every colour as evenly as it can', () => {
    const colours = assignColours(ids(presencePalette.length * 2 + 3));
    const uses = presencePalette.map((c) => [...colours.values()].filter((x) => x === c).length);
    expect(Math.min(...uses)).toBe(2);
    expect(Math.max(...uses)).toBe(3);
  });

  it('is deterministic, and a newcomer changes nobody’s colour', () => {
    const people = ids(9);
    expect([...assignColours(people)]).toEqual([...assignColours([...people])]);
    const before = assignColours(people.slice(0, 5));
    const after = assignColours(people);
    for (const [id, colour] of before) expect(after.get(id)).toBe(colour);
  });

  it('gives each person their preferred colour while it is free', () => {
    const [first, ...rest] = ids(6);
    expect(assignColours([first!]).get(first!)).toBe(presenceColour(first!));
    const colours = assignColours([first!, ...rest]);
    const taken = new Set<string>();
    for (const id of [first!, ...rest]) {
      if (!taken.has(presenceColour(id))) expect(colours.get(id)).toBe(presenceColour(id));
      taken.add(colours.get(id)!);
    }
  });

  it('when someone leaves, only people who had moved past their colour may change', () => {
    const people = ids(8);
    const all = assignColours(people);
    for (const [i, leaver] of people.entries()) {
      const without = assignColours(people.filter((id) => id !== leaver));
      for (const id of people.slice(0, i)) expect(without.get(id)).toBe(all.get(id));
      for (const id of people.slice(i + 1)) {
        if (all.get(id) === presenceColour(id)) expect(without.get(id)).toBe(all.get(id));
      }
    }
  });

  it('colours former members beside members with colours no member has', () => {
    const members = [...assignColours(ids(4))].map(([userId, colour]) => ({ userId, colour }));
    const memberColours = new Set(members.map((m) => m.colour));
    const people = [
      { id: null, name: 'Jointly', colour: noPersonColour },
      { id: members[2]!.userId, name: 'A member', colour: 'stale' },
      { id: 'formermember01', name: 'Gone', colour: 'stale' },
      { id: 'formermember02', name: 'Also gone', colour: 'stale' },
    ];
    const coloured = colourPeople(people, members);
    expect(coloured[0]!.colour).toBe(noPersonColour);
    expect(coloured[1]!.colour).toBe(members[2]!.colour);
    expect(memberColours.has(coloured[2]!.colour)).toBe(false);
    expect(memberColours.has(coloured[3]!.colour)).toBe(false);
    expect(coloured[2]!.colour).not.toBe(coloured[3]!.colour);
    expect(coloured[1]!.name).toBe('A member');
  });
});
