/**
 * A colour per person for cursors and presence, from a palette that keeps white text
 * (and the colour against white) at WCAG AA contrast. The same person always gets the
 * same colour.
 */
export const presencePalette = [
  '#1d70b8', // blue
  '#b58840', // ochre (text on it is black)
  '#00703c', // green
  '#d4351c', // red
  '#4c2c92', // purple
  '#912b88', // pink
  '#28a197', // turquoise (text on it is black)
  '#6f72af', // light purple
  '#005a30', // dark green
  '#942514', // dark red
] as const;

/** Palette entries light enough that labels on them should be black. */
const darkText = new Set(['#b58840', '#28a197']);

export function presenceColour(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return presencePalette[hash % presencePalette.length]!;
}

export function presenceTextColour(colour: string): string {
  return darkText.has(colour) ? '#0b0c0c' : '#ffffff';
}
