/**
 * Reading a Word file back in tests: its document's paragraphs (style and text) and the
 * rows of a table, as someone opening the file would see them.
 */
import JSZip from 'jszip';
import { expect } from 'vitest';

/** word/document.xml of a .docx. */
export async function documentXml(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  return zip.file('word/document.xml')!.async('string');
}

const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Each paragraph's style and text, in document order (table cells' paragraphs included). */
export function paragraphs(xml: string): { style: string | null; text: string }[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    // Text runs, and line breaks inside the paragraph as "\n".
    text: decodeXml([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => m[1] ?? '\n').join('')),
  }));
}

/** The text of every paragraph, one a line. */
export const textOf = (xml: string) =>
  paragraphs(xml)
    .map((p) => p.text)
    .join('\n');

/**
 * The rows (each cell's text) of the first table after the last paragraph reading
 * `heading`: the last, since the table of contents repeats the headings before them.
 */
export function tableRowsAfter(xml: string, heading: string): string[][] {
  const at = xml.lastIndexOf(`>${heading}<`);
  expect(at, `"${heading}" in the document`).toBeGreaterThan(-1);
  const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml.slice(at))![0];
  return [...table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([row]) =>
    [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cell]) =>
      paragraphs(cell)
        .map((p) => p.text)
        .join('\n'),
    ),
  );
}
