/**
 * What the specification's cover says: the procurement, which version this is, the
 * boroughs taking part with their roles, and (unless left out) each signing borough's
 * sign-off. Facts are read from SQL here; the sentences and the boroughs table are built
 * here too, once, so that the Word, Markdown and HTML covers word them the same way.
 */
import type { BoroughRole } from '../../../shared/roles.js';
import { boroughRoleLabel } from '../../../shared/roles.js';
import type { Queries } from '../db/queries.js';
import { namedVersions } from '../history/named.js';
import { formatDate, formatDateTime } from './format.js';
import type { ProcurementFacts } from './facts.js';

/** A sign-off shown on the cover. */
export interface CoverSignoff {
  by: string;
  /** ISO time. */
  at: string;
  /** For the current draft: the named version that was signed off. */
  versionName: string | null;
  /** For the current draft: whether the specification changed after that sign-off. */
  changedSince: boolean;
}

export interface CoverBorough {
  id: string;
  name: string;
  role: BoroughRole;
  /** Observers do not sign off; for lead and partner boroughs, their sign-off or null. */
  signoff: CoverSignoff | null;
}

export type CoverVersion =
  { kind: 'current'; at: string } | { kind: 'named'; id: string; name: string; note: string; seq: number; at: string };

export interface SpecificationCover {
  procurement: ProcurementFacts;
  version: CoverVersion;
  boroughs: CoverBorough[];
  /** The borough whose own variant this is, or null for the whole specification. */
  variant: { id: string; name: string } | null;
  /**
   * Whether the cover shows each borough's sign-off, which is internal to the boroughs.
   * Left out, the default applies (see `showsSignoffs`).
   */
  signoffs?: boolean;
}

/**
 * The cover's facts. For a named version the sign-offs are those of that version; for
 * the current draft, each borough's latest sign-off and whether the text changed since
 * (`currentHash` is the live specification's hash, as sign-offs compare hashes).
 */
export async function readCover(
  db: Queries,
  procurement: ProcurementFacts,
  version: CoverVersion,
  variant: SpecificationCover['variant'],
  currentHash: () => string,
): Promise<SpecificationCover> {
  const state = await namedVersions(db, procurement.id, currentHash);
  const named = version.kind === 'named' ? state.named.find((n) => n.id === version.id) : undefined;
  const boroughs = procurement.boroughs.map((borough): CoverBorough => {
    if (borough.role === 'observer') return { id: borough.id, name: borough.name, role: borough.role, signoff: null };
    let signoff: CoverSignoff | null = null;
    if (version.kind === 'named') {
      // The latest sign-off that still stands counts: a withdrawn one no longer does.
      const record = [...(named?.signoffs ?? [])].reverse().find((s) => s.boroughId === borough.id && s.withdrawn === null);
      if (record) signoff = { by: record.signedBy.name, at: record.signedAt, versionName: null, changedSince: false };
    } else {
      const latest = state.signoffs.find((s) => s.boroughId === borough.id);
      if (latest?.latest) {
        signoff = {
          by: latest.latest.signedBy.name,
          at: latest.latest.signedAt,
          versionName: latest.latest.versionName,
          changedSince: latest.changedSince,
        };
      }
    }
    return { id: borough.id, name: borough.name, role: borough.role, signoff };
  });
  return { procurement, version, boroughs, variant };
}

// ---- the cover's sentences -------------------------------------------------------------

export const specificationKind = 'Common technical specification';
export const appendixTitle = 'Appendix: requirements';

/** "Draft for tender, 25 November 2026" or "Current draft, 25 November 2026". */
export function versionText(version: CoverVersion): string {
  return version.kind === 'named' ? `${version.name}, ${formatDate(version.at)}` : `Current draft, ${formatDate(version.at)}`;
}

/** "Version for Camden: requirements for other boroughs only are left out." */
export function variantText(variant: SpecificationCover['variant']): string | null {
  return variant ? `Version for ${variant.name}: requirements for other boroughs only are left out.` : null;
}

export function roleText(role: BoroughRole): string {
  return boroughRoleLabel[role];
}

/** What the cover says about one borough's sign-off. */
export function signoffText(borough: CoverBorough): string {
  if (borough.role === 'observer') return 'Observes; does not sign off';
  const s = borough.signoff;
  if (!s) return 'Not signed off';
  const who = `Signed off by ${s.by} on ${formatDateTime(s.at)}`;
  if (s.versionName === null) return who;
  return `${who} (version “${s.versionName}”)${s.changedSince ? '; the specification has changed since' : '; unchanged since'}`;
}

/**
 * Whether the cover shows the sign-offs: as chosen, or by default on the whole
 * specification only, since a borough's variant is the tender pack sent to suppliers.
 */
export function showsSignoffs(cover: SpecificationCover): boolean {
  return cover.signoffs ?? cover.variant === null;
}

/**
 * The cover's table of the boroughs taking part: each one's role, and its sign-off when
 * the cover shows them. Without sign-offs the roles still say who leads the procurement.
 */
export function boroughsTable(cover: SpecificationCover): { columns: string[]; rows: string[][] } {
  const signoffs = showsSignoffs(cover);
  return {
    columns: signoffs ? ['Borough', 'Role', 'Sign-off'] : ['Borough', 'Role'],
    rows: cover.boroughs.map((b) => (signoffs ? [b.name, roleText(b.role), signoffText(b)] : [b.name, roleText(b.role)])),
  };
}

/** Label and value pairs for the cover's summary, in order. */
export function coverFacts(cover: SpecificationCover): [string, string][] {
  const facts: [string, string][] = [];
  if (cover.procurement.reference) facts.push(['Reference', cover.procurement.reference]);
  facts.push(['Version', versionText(cover.version)]);
  if (cover.version.kind === 'named' && cover.version.note) facts.push(['Note', cover.version.note]);
  const variant = variantText(cover.variant);
  if (variant) facts.push(['Borough version', variant]);
  return facts;
}
