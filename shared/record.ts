/**
 * The record of formal acts, as the API serves it: what a page of it holds, the filters
 * it takes, and the kinds of act a person can filter by.
 */
import { z } from 'zod';

/** Kinds of formal act, in the order the filter offers them, with their labels. */
export const actKinds = {
  membership: 'Boroughs and people',
  invitations: 'Invitations',
  decisions: 'Decisions',
  versions: 'Versions, sign-offs and restores',
  suggestions: 'Decisions on suggested changes',
  'sign-on': 'Single sign-on',
  settings: 'Settings',
  comments: 'Comments',
} as const;
export type ActKind = keyof typeof actKinds;

/** The kind of an act, from its name ("decision.position" → decisions). */
export function kindOfAct(action: string): ActKind {
  if (action.startsWith('borough.sso')) return 'sign-on';
  if (action.startsWith('borough.') || action.startsWith('member.')) return 'membership';
  if (action.includes('invitation.')) return 'invitations';
  if (action.startsWith('decision.')) return 'decisions';
  if (action.startsWith('version.') || action.startsWith('specification.')) return 'versions';
  if (action.startsWith('suggestion.')) return 'suggestions';
  if (action.startsWith('comment.')) return 'comments';
  return 'settings';
}

/** The names of the acts of each kind (for filtering inside the query). */
export function actsOfKind(kind: ActKind, actions: readonly string[]): string[] {
  return actions.filter((action) => kindOfAct(action) === kind);
}

const day = z.iso.date({ error: 'Enter a real date, like 2026-03-27.' });

export const recordQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    kind: z.enum(Object.keys(actKinds) as [ActKind, ...ActKind[]], { error: 'Choose a kind of act from the list.' }).optional(),
    borough: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'Choose a borough from the list.')
      .optional(),
    person: z
      .string()
      .regex(/^[a-z0-9]{10,40}$/, 'Choose a person from the list.')
      .optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'The “from” date must be on or before the “to” date.',
    path: ['to'],
  });
export type RecordQuery = z.input<typeof recordQuery>;

/** Who acted, as the record says they were then. */
export interface RecordActor {
  id: string;
  name: string | null;
  borough: string | null;
  boroughName: string | null;
}

/** One act, in plain English. */
export interface RecordAct {
  position: number;
  /** ISO time of the act. */
  at: string;
  actor: RecordActor | null;
  action: string;
  kind: ActKind;
  /** "Priya Shah (Hackney) signed off “Draft for the steering group” for Hackney." */
  sentence: string;
  hash: string;
}

export interface RecordPage {
  acts: RecordAct[];
  /** How many acts match the filters. */
  total: number;
  page: number;
  pageSize: number;
  /** Everyone and every borough that acted, for the filters. */
  people: { id: string; name: string; boroughName: string | null }[];
  boroughs: { id: string; name: string }[];
  /** The latest entry and its signature, or null when nothing is on record yet. */
  head: { position: number; hash: string; signedAt: string | null } | null;
  /** SHA-256 (first 32 hex digits) of the deployment's public key, to compare with the download. */
  keyId: string;
}
