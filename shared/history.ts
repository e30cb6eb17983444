/**
 * Shapes of the edit history API (timeline, comparison, named versions, sign-offs).
 */
import { z } from 'zod';

/** Someone who changed the document; `id` null for changes the server itself made. */
export interface Person {
  id: string | null;
  name: string;
  borough: string | null;
  boroughId: string | null;
  colour: string;
}

export type AreaName = 'specification' | 'engagement' | 'decisions';

export interface AreaTouched {
  area: AreaName;
  entryId: string | null;
  /** "Specification", "Market engagement: Supplier day", "Decisions: Form of joint procurement". */
  label: string;
}

/** A suggested change accepted or rejected: who proposed it, who decided, and when. */
export interface SuggestionDecisionRecord {
  outcome: 'accepted' | 'rejected';
  kind: 'insertion' | 'deletion' | 'requirement' | 'priority' | 'applies-to' | 'other';
  /** The words proposed (or proposed for removal), or "Should → Must". */
  summary: string;
  /** The requirement it was in ("REQ-004"), if any. */
  place: string | null;
  suggestedBy: Person;
  suggestedAt: string;
  /** Null when the server itself took it away (a restore). */
  decidedBy: Person | null;
  decidedAt: string;
  seq: number;
}

export interface VersionSummary {
  version: number;
  /** "Draft for tender (version 12)" when the version carries a name, else "Version 12". */
  title: string;
  firstSeq: number;
  lastSeq: number;
  startedAt: string;
  endedAt: string;
  /** The people who made it; never the server itself (see `note`). */
  authors: Person[];
  /**
   * What it changed, in the words people use, one phrase per kind of thing: "3
   * requirements edited, 1 added", "2 paragraphs edited", "decision ‘Form of joint
   * procurement’ edited". Empty when nothing people see changed; null for versions
   * recorded before this was kept (`areas` says what they touched).
   */
  changes: string[] | null;
  /**
   * Said of a version made by the server alone ("Requirement numbers given by Jointly")
   * and of a restore ("Restored version 3 by Priya Shah, Hackney"); null otherwise.
   */
  note: string | null;
  areas: AreaTouched[];
  updates: number;
  bytes: number;
  /** This version restored the document to how it was at that log position. */
  restoreOf: number | null;
  named: { id: string; name: string }[];
  /** Suggested changes accepted or rejected in this version. */
  suggestionDecisions: SuggestionDecisionRecord[];
}

export interface Timeline {
  versions: VersionSummary[];
  total: number;
  page: number;
  pageSize: number;
  /** Everyone who has changed the document, for the filters. */
  people: Person[];
  /** The latest log position. */
  latestSeq: number;
}

export const timelineQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  borough: z.string().max(64).optional(),
  person: z.string().max(64).optional(),
  area: z.enum(['specification', 'engagement', 'decisions']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type TimelineQuery = z.input<typeof timelineQuery>;

export interface ChangeMark {
  type: 'added' | 'removed';
  /** Who made the change, and the log position of the update that made it. */
  authorId: string | null;
  seq: number;
  at: string;
}

export interface DiffRun {
  text: string;
  change?: ChangeMark;
}

export interface DiffBlock {
  kind: 'heading' | 'paragraph' | 'listItem' | 'requirement' | 'tableRow';
  level?: number;
  requirement?: { id: string; priority: string; appliesTo: string[] };
  /** The whole block was added or removed between the two versions. */
  change?: 'added' | 'removed';
  runs: DiffRun[];
}

export interface RequirementState {
  priority: string;
  appliesTo: string[];
  text: string;
}

export interface RequirementChange {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  before: RequirementState | null;
  after: RequirementState | null;
  /** For changed ones: which of priority, appliesTo, text changed. */
  changed: ('priority' | 'appliesTo' | 'text')[];
  /** For a changed priority or "applies to": who changed it between the two versions. */
  changedBy: Partial<Record<'priority' | 'appliesTo', AttributeAuthor>>;
}

/** The person whose update gave a requirement's attribute the value it has in the later version. */
export interface AttributeAuthor {
  person: Person;
  /** The log position of that update, and when it was made. */
  seq: number;
  at: string;
}

export interface FieldChange {
  label: string;
  before: string;
  after: string;
}

export interface EntryChange {
  id: string;
  label: string;
  kind: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

export interface Comparison {
  from: { seq: number; at: string | null };
  to: { seq: number; at: string | null };
  people: Person[];
  specification: DiffBlock[];
  requirements: RequirementChange[];
  engagement: EntryChange[];
  decisions: EntryChange[];
  /** Suggested changes accepted or rejected between the two versions. */
  suggestionDecisions: SuggestionDecisionRecord[];
}

export const nameVersionRequest = z
  .object({
    seq: z.number().int().min(1),
    name: z.string().trim().min(1, 'Enter a name for the version').max(120, 'Use a name of 120 characters or fewer'),
    note: z.string().trim().max(2000, 'Use a note of 2000 characters or fewer').default(''),
  })
  .strict();
export type NameVersionRequest = z.input<typeof nameVersionRequest>;

export const restoreRequest = z.object({ seq: z.number().int().min(1) }).strict();

/** What a borough lead confirms when signing off a named version for their borough. */
export const signoffDeclaration = (borough: string, version: string) =>
  `I confirm, for ${borough}, that “${version}” is the common technical specification ${borough} agrees to.`;

/** Signing off: the content hash the person was shown, so they sign exactly what they saw. */
export const signOffRequest = z
  .object({ specificationHash: z.string().regex(/^[0-9a-f]{64}$/, 'The version’s content hash is missing') })
  .strict();
export type SignOffRequest = z.infer<typeof signOffRequest>;

export const withdrawSignoffRequest = z
  .object({ reason: z.string().trim().min(1, 'Say why the sign-off is withdrawn').max(1000, 'Use 1000 characters or fewer') })
  .strict();
export type WithdrawSignoffRequest = z.infer<typeof withdrawSignoffRequest>;

export interface SignoffRecord {
  boroughId: string;
  boroughName: string;
  signedBy: { id: string; name: string };
  signedAt: string;
  /** Withdrawn later, by whom, when and why; null while it stands. */
  withdrawn: { by: { id: string; name: string }; at: string; reason: string } | null;
}

export interface NamedVersion {
  id: string;
  seq: number;
  name: string;
  note: string;
  createdBy: { id: string; name: string };
  createdAt: string;
  specificationHash: string;
  /** Every sign-off of this version, standing or withdrawn, in the order made. */
  signoffs: SignoffRecord[];
}

/** Each lead and partner borough's latest standing sign-off, and whether the specification changed since. */
export interface SignoffState {
  boroughId: string;
  boroughName: string;
  latest: (SignoffRecord & { versionId: string; versionName: string; seq: number }) | null;
  changedSince: boolean;
}

export interface NamedVersions {
  named: NamedVersion[];
  signoffs: SignoffState[];
  latestSeq: number;
}
