/**
 * A colour per person, for cursors, presence and the history's attribution: from an
 * accessible palette, and assigned per procurement so that no two members share one
 * while there are colours to go round. Colour never identifies anyone alone: it goes
 * with the person's initials (shared/initials.ts) and name.
 */

/** A colour of the person palette, named as GOV.UK Frontend's palette names it. */
export interface PaletteColour {
  name: string;
  hex: string;
}

/**
 * Twelve colours of GOV.UK Frontend's palette, each at least 4.5:1 against white both
 * ways (text on white, white text on it), chosen to be as far apart from each other as
 * that allows. Ordered so that neighbours differ: a person whose preferred colour is
 * taken moves on to the next one.
 */
export const personPalette: readonly PaletteColour[] = [
  { name: 'blue', hex: '#1d70b8' },
  { name: 'red', hex: '#ca3535' },
  { name: 'green', hex: '#0f7a52' },
  { name: 'purple', hex: '#54319f' },
  { name: 'yellow shade 50', hex: '#806f00' },
  { name: 'magenta', hex: '#ca357c' },
  { name: 'teal', hex: '#158187' },
  { name: 'orange shade 50', hex: '#7a3c1c' },
  { name: 'blue shade 50', hex: '#0f385c' },
  { name: 'purple tint 25', hex: '#7f65b7' },
  { name: 'green shade 50', hex: '#083d29' },
  { name: 'magenta shade 50', hex: '#651b3e' },
];

/** The palette's colours alone, in palette order. */
export const presencePalette: readonly string[] = personPalette.map((c) => c.hex);

/** For changes nobody made (the server's own) and anyone unknown: GOV.UK's dark grey. */
export const noPersonColour = '#505a5f';

/** A stable spread of user ids over the palette (FNV-1a). */
function preferredIndex(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % presencePalette.length;
}

/**
 * A person's preferred colour, without knowing the procurement. Members have theirs from
 * `assignColours` (the procurement detail's `members[i].colour`, the same in their live
 * presence); this is only for people who are no longer members. It is the colour
 * `assignColours` gives them whenever it is free.
 */
export function presenceColour(userId: string): string {
  return presencePalette[preferredIndex(userId)]!;
}

/**
 * Colours for people in the order they chose (for a procurement's members: the order
 * they were added, then user id). Each takes the least used colour, starting from their
 * preferred one and going round the palette: so nobody shares a colour until every
 * colour is in use, a newcomer never changes anyone's colour, and someone leaving
 * changes only the colour of a person who had to move on past theirs. `taken` are
 * colours already in use (by members, when colouring former members beside them).
 */
export function assignColours(userIds: readonly string[], taken: Iterable<string> = []): Map<string, string> {
  const uses = presencePalette.map(() => 0);
  for (const colour of taken) {
    const i = presencePalette.indexOf(colour);
    if (i >= 0) uses[i]!++;
  }
  const colours = new Map<string, string>();
  for (const userId of userIds) {
    if (colours.has(userId)) continue;
    const start = preferredIndex(userId);
    let best = start;
    for (let step = 1; step < uses.length; step++) {
      const i = (start + step) % uses.length;
      if (uses[i]! < uses[best]!) best = i;
    }
    uses[best]!++;
    colours.set(userId, presencePalette[best]!);
  }
  return colours;
}

/**
 * People shown together (a comparison's authors), coloured as in the procurement:
 * members keep their member colour; anyone else (a former member) gets a colour no
 * member has while one is left; nobody (the server) keeps its own.
 */
export function colourPeople<T extends { id: string | null; colour: string }>(
  people: readonly T[],
  members: readonly { userId: string; colour: string }[],
): T[] {
  const colours = new Map(members.map((m) => [m.userId, m.colour]));
  const others = people.map((p) => p.id).filter((id): id is string => id !== null && !colours.has(id));
  for (const [id, colour] of assignColours(others, colours.values())) colours.set(id, colour);
  return people.map((p) => (p.id === null ? p : { ...p, colour: colours.get(p.id) ?? p.colour }));
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2.2 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((h) => channel(parseInt(h, 16))) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.2 contrast ratio of two `#rrggbb` colours (1 to 21, whichever way round). */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** The text colour for labels on `colour`: white or GOV.UK's black, whichever reads better. */
export function presenceTextColour(colour: string): string {
  const white = '#ffffff';
  const black = '#0b0c0c';
  try {
    return contrastRatio(colour, white) >= contrastRatio(colour, black) ? white : black;
  } catch {
    // Not a colour this understands (a client sent its own): white, as on the palette.
    return white;
  }
}
