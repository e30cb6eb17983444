/**
 * Gathers what an export needs from the live document (or a named version of it) and
 * from SQL, into plain data the renderers turn into files. Renderers never touch the
 * database or a Y.Doc, so they are plain functions of their input.
 */
import type { CommentThread } from '../../../shared/comments.js';
import { listThreads } from '../comments/threads.js';
import type * as Y from 'yjs';
import type { DecisionRecord } from '../../../shared/decisions.js';
import type { CollabEngine } from '../collab/engine.js';
import type { DocumentStore } from '../collab/store.js';
import type { Queries } from '../db/queries.js';
import { decisionRecords } from '../decisions/decisions.js';
import { proposalsIn } from '../decisions/proposal.js';
import { Invalid, NotFound } from '../errors.js';
import { specificationHash } from '../history/named.js';
import { stateAt } from '../history/reconstruct.js';
import { members } from '../procurements/procurements.js';
import { acceptedBlocks } from './accepted-reading.js';
import { requirementsIn, suggestersIn, variantFor } from './block-queries.js';
import type { Block, DecisionContent, EngagementActivity, RequirementBlock } from './content.js';
import { readCover, type CoverVersion, type SpecificationCover } from './cover.js';
import { boroughNamer, procurementFacts, type BoroughNamer, type ProcurementFacts } from './facts.js';
import { readSpecification } from './read-blocks.js';
import { readDecisions, readEngagement } from './read-records.js';

export type { BoroughNamer, ProcurementFacts } from './facts.js';

/** The parts of the server's services an export reads. */
export interface ExportSources {
  db: Queries;
  engine: Pick<CollabEngine, 'readDocument'>;
  store: Pick<DocumentStore, 'writtenAt' | 'loadAt'>;
}

// ---- the specification -----------------------------------------------------------------

export interface SpecificationExport {
  cover: SpecificationCover;
  /**
   * The blocks to print: a borough's variant already has the others' requirements left
   * out, and with them any heading whose section they emptied.
   */
  blocks: Block[];
  /** The requirements among `blocks`, in document order, for the appendix: as they read with the suggestions accepted. */
  requirements: RequirementBlock[];
  boroughName: BoroughNamer;
  /** Comment threads about the specification, when asked for (Word writes the open ones). */
  threads?: CommentThread[];
  /**
   * Given when the open suggestions are asked for: `blocks` then keep them (Word writes
   * them as tracked changes), and this names their authors, "Name (Borough)", by user id.
   * Without it, `blocks` read as with every suggestion accepted.
   */
  suggester?: (userId: string) => string;
}

export interface SpecificationOptions {
  /** A named version's id; without it, the current draft. */
  versionId?: string | undefined;
  /** A taking-part borough's id, for that borough's own variant. */
  boroughId?: string | undefined;
  /**
   * Whether the cover shows each borough's sign-off; by default it does for the whole
   * specification and not for a borough's variant (the tender pack sent to suppliers).
   */
  signoffs?: boolean | undefined;
  /** Whether open comment threads go into the file (for review in Word); never by default. */
  comments?: boolean | undefined;
  /** Whether open suggestions go into the file as tracked changes (for review in Word); never by default. */
  suggestions?: boolean | undefined;
}

/**
 * The specification as of now or as of a named version, optionally one borough's
 * variant, with or without the sign-offs on its cover. An unknown version is a 404; a
 * borough not taking part is a 400.
 */
export async function loadSpecification(
  sources: ExportSources,
  procurementId: string,
  options: SpecificationOptions = {},
): Promise<SpecificationExport> {
  const { db, engine, store } = sources;
  const procurement = await procurementFacts(db, procurementId);
  const boroughName = boroughNamer(procurement);

  let variant: SpecificationCover['variant'] = null;
  if (options.boroughId !== undefined) {
    const borough = procurement.boroughs.find((b) => b.id === options.boroughId);
    if (!borough) throw new Invalid('That borough is not taking part in this procurement.', { borough: 'Choose a borough taking part' });
    variant = { id: borough.id, name: borough.name };
  }

  // The live hash is needed for "changed since signed off" on the current draft's cover.
  const current = await engine.readDocument(procurementId, (doc) => ({
    hash: specificationHash(doc),
    blocks: options.versionId === undefined ? readSpecification(doc) : null,
  }));

  let version: CoverVersion;
  let blocks: Block[];
  if (options.versionId === undefined) {
    version = { kind: 'current', at: new Date(db.now()).toISOString() };
    blocks = current.blocks!;
  } else {
    const named = await db.first(
      db.kysely
        .selectFrom('named_versions')
        .select(['id', 'seq', 'name', 'note', 'created_at'])
        .where('id', '=', options.versionId)
        .where('procurement_id', '=', procurementId),
    );
    if (!named) throw new NotFound('That named version was not found.');
    // The version's date is when its content was written: the log position it marks.
    const written = await store.writtenAt(procurementId, named.seq);
    version = {
      kind: 'named',
      id: named.id,
      name: named.name,
      note: named.note,
      seq: named.seq,
      at: new Date(written ?? named.created_at).toISOString(),
    };
    blocks = await readAt(store, procurementId, named.seq, readSpecification);
  }

  // The appendix lists the requirements as they read with the suggestions accepted; the
  // body shows the suggestions themselves when they are asked for.
  const accepted = acceptedBlocks(blocks);
  if (!options.suggestions) blocks = accepted;
  if (variant) blocks = variantFor(blocks, variant.id);
  const requirements = requirementsIn(variant ? variantFor(accepted, variant.id) : accepted);
  const cover: SpecificationCover = {
    ...(await readCover(db, procurement, version, variant, () => current.hash)),
    signoffs: options.signoffs ?? variant === null,
  };
  const threads = options.comments ? (await listThreads(db, procurementId)).filter((t) => t.subject.kind === 'specification') : undefined;
  const suggester = options.suggestions ? await suggesterNames(db, suggestersIn(blocks)) : undefined;
  return { cover, blocks, requirements, boroughName, ...(threads ? { threads } : {}), ...(suggester ? { suggester } : {}) };
}

/**
 * "Name (Borough)" for each suggester, by user id, with the borough their account is in.
 * A person may have left the procurement since they suggested: their name still shows.
 */
async function suggesterNames(db: Queries, userIds: string[]): Promise<(userId: string) => string> {
  const rows =
    userIds.length === 0
      ? []
      : await db.all(
          db.kysely
            .selectFrom('users as u')
            .innerJoin('boroughs as b', 'b.id', 'u.borough_id')
            .select(['u.id', 'u.display_name', 'b.name as borough_name'])
            .where(db.inList('u.id', userIds)),
        );
  const names = new Map(rows.map((r) => [r.id, `${r.display_name} (${r.borough_name})`]));
  return (userId) => names.get(userId) ?? 'Unknown person';
}

/** Reads a past state of the document, and lets it go. */
async function readAt<T>(store: ExportSources['store'], procurementId: string, seq: number, read: (doc: Y.Doc) => T): Promise<T> {
  const doc = await stateAt(store, procurementId, seq);
  try {
    return read(doc);
  } finally {
    doc.destroy();
  }
}

// ---- the decision log ------------------------------------------------------------------

export interface DecisionEntry extends DecisionContent {
  /** Status and current positions, from SQL. */
  record: DecisionRecord;
}

export interface DecisionLog {
  procurement: ProcurementFacts;
  /** When the export was made (ISO). */
  at: string;
  decisions: DecisionEntry[];
  boroughName: BoroughNamer;
}

export async function loadDecisionLog(sources: ExportSources, procurementId: string): Promise<DecisionLog> {
  const procurement = await procurementFacts(sources.db, procurementId);
  const decisions = await sources.engine.readDocument(procurementId, readDecisions);
  const proposals = await sources.engine.readDocument(procurementId, proposalsIn);
  const records = new Map((await decisionRecords(sources.db, procurementId, proposals)).map((r) => [r.decisionId, r]));
  return {
    procurement,
    at: new Date(sources.db.now()).toISOString(),
    decisions: decisions.map((d) => ({
      ...d,
      record: records.get(d.id) ?? {
        decisionId: d.id,
        status: 'open',
        statusNote: '',
        statusChangedBy: null,
        statusChangedAt: null,
        agreedOptionId: null,
        positions: [],
      },
    })),
    boroughName: boroughNamer(procurement),
  };
}

// ---- the engagement record ---------------------------------------------------------------

export interface EngagementRecord {
  procurement: ProcurementFacts;
  at: string;
  activities: EngagementActivity[];
  boroughName: BoroughNamer;
  /** An action owner's name from their user id; "No owner" when none was chosen. */
  personName: (userId: string) => string;
}

export async function loadEngagementRecord(sources: ExportSources, procurementId: string): Promise<EngagementRecord> {
  const { db } = sources;
  const procurement = await procurementFacts(db, procurementId);
  const activities = await sources.engine.readDocument(procurementId, readEngagement);
  const names = new Map((await members(db, procurementId)).map((m) => [m.userId, m.name]));
  // Someone who owned an action may have left the procurement since; their name stays.
  const missing = [...new Set(activities.flatMap((a) => a.actions.map((x) => x.ownerId)))].filter((id) => id && !names.has(id));
  if (missing.length > 0) {
    for (const row of await db.all(db.kysely.selectFrom('users').select(['id', 'display_name']).where(db.inList('id', missing))))
      names.set(row.id, row.display_name);
  }
  return {
    procurement,
    at: new Date(db.now()).toISOString(),
    activities,
    boroughName: boroughNamer(procurement),
    personName: (id) => (id ? (names.get(id) ?? 'Unknown person') : 'No owner'),
  };
}
