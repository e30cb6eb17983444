/**
 * The Word numbering definitions behind bulleted and numbered lists. Lists use real
 * Word numbering, so they stay lists when someone edits them.
 */
import { AlignmentType, LevelFormat, type INumberingOptions } from 'docx';

/** The numbering reference of ordered lists that start at `start`. */
export const orderedReference = (start: number) => `ordered-${start}`;

/** Bulleted and numbered lists, nine levels deep as Word allows, indented alike. */
export function listNumbering(orderedStarts: Iterable<number>): INumberingOptions {
  const indent = (level: number) => ({ left: 567 * (level + 1), hanging: 357 });
  const bulletSymbols = ['•', '◦', '▪'];
  const orderedFormats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
  const levels = Array.from({ length: 9 }, (_, level) => level);
  const config: INumberingOptions['config'][number][] = [
    {
      reference: 'bullets',
      levels: levels.map((level) => ({
        level,
        format: LevelFormat.BULLET,
        text: bulletSymbols[level % 3]!,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: indent(level) } },
      })),
    },
  ];
  for (const start of new Set([1, ...orderedStarts])) {
    config.push({
      reference: orderedReference(start),
      levels: levels.map((level) => ({
        level,
        format: orderedFormats[level % 3]!,
        text: `%${level + 1}.`,
        start: level === 0 ? start : 1,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: indent(level) } },
      })),
    });
  }
  return { config };
}
