/**
 * Mentions in a comment's text: "@Tom Okafor" or "@Camden", chosen from the people and
 * boroughs of the procurement while typing. The text keeps the names; what is sent
 * alongside says who they are, so a renamed person is still the one mentioned.
 */
import type { ProcurementDetail } from '../../../../shared/api.js';
import type { Mention, MentionRef } from '../../../../shared/comments.js';

/** Someone (or a whole borough) who can be mentioned, as the suggestions list shows them. */
export type MentionCandidate = Mention & { detail: string };

/** The members (but not oneself) and the boroughs taking part. */
export function mentionCandidates(procurement: Pick<ProcurementDetail, 'members' | 'boroughs'>, myId: string): MentionCandidate[] {
  const people = procurement.members
    .filter((m) => m.userId !== myId)
    .map((m): MentionCandidate => ({ kind: 'person', id: m.userId, name: m.name, detail: m.borough.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const boroughs = procurement.boroughs.map((b): MentionCandidate => ({
    kind: 'borough',
    id: b.id,
    name: b.name,
    detail: '(the whole borough)',
  }));
  return [...people, ...boroughs];
}

/** The "@…" being typed just before the caret, if any: where its @ is and what follows it. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('@');
  if (start < 0) return null;
  // "name@camden.gov.uk" is an email address, not a mention.
  if (start > 0 && !/[\s([{"'“‘]/.test(before[start - 1] ?? '')) return null;
  const query = before.slice(start + 1);
  // Names have a few words at most; a longer run is ordinary text after an @.
  if (query.length > 40 || /[\n@]/.test(query) || query.split(' ').length > 4) return null;
  return { start, query };
}

/** Candidates whose name, or a word of it, starts with what was typed. */
export function matchingCandidates(candidates: readonly MentionCandidate[], query: string, limit = 8): MentionCandidate[] {
  const wanted = query.trim().toLocaleLowerCase('en-GB');
  const matches = candidates.filter((c) => {
    const name = c.name.toLocaleLowerCase('en-GB');
    return name.startsWith(wanted) || name.split(/\s+/).some((word) => word.startsWith(wanted));
  });
  // After a space, only names that go on with it: "@Tom and" is no longer a mention.
  if (query.endsWith(' ') && !matches.some((c) => c.name.toLocaleLowerCase('en-GB').startsWith(query.toLocaleLowerCase('en-GB')))) {
    return [];
  }
  return matches.slice(0, limit);
}

/** The text with the typed "@…" replaced by the chosen name, and where the caret goes. */
export function insertMention(text: string, at: { start: number }, caret: number, chosen: Mention): { text: string; caret: number } {
  const inserted = `@${chosen.name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, at.start) + inserted + after, caret: at.start + inserted.length };
}

/** The chosen mentions whose "@Name" is still in the text, once each, as the API takes them. */
export function mentionsInBody(body: string, chosen: readonly Mention[]): MentionRef[] {
  const seen = new Set<string>();
  const refs: MentionRef[] = [];
  for (const mention of chosen) {
    const key = `${mention.kind}:${mention.id}`;
    if (seen.has(key) || !body.includes(`@${mention.name}`)) continue;
    seen.add(key);
    refs.push({ kind: mention.kind, id: mention.id });
  }
  return refs;
}

export type BodyPart = { text: string; mention: boolean };

/** A comment's text cut into plain runs and its mentions ("@Tom Okafor"), for showing mentions in bold. */
export function splitByMentions(body: string, mentions: readonly Mention[]): BodyPart[] {
  const names = [...new Set(mentions.map((m) => m.name).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (names.length === 0) return body ? [{ text: body, mention: false }] : [];
  const pattern = new RegExp(`@(?:${names.map(escapeRegExp).join('|')})`, 'g');
  const parts: BodyPart[] = [];
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: body.slice(last, match.index), mention: false });
    parts.push({ text: match[0], mention: true });
    last = match.index + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last), mention: false });
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
