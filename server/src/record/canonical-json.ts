/**
 * Canonical JSON: object keys sorted, no spaces, undefined left out. The same act always
 * gives the same text, so an entry's bytes say exactly what was hashed and anyone can
 * read them back. The verification script (scripts/verify-record.mjs) hashes the stored
 * text as it is and never re-serialises it.
 */

/** A value that canonical JSON can hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/** The canonical text of `value`; throws on numbers JSON cannot hold. */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('The record holds only finite numbers.');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}
