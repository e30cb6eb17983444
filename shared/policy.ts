/**
 * Who may do what in a procurement: one table from each action to the rule over a
 * member's standing and the plain-English answer when it is refused. The server's routes
 * and its live-sync hook enforce it; the browser receives `can` (this table applied to
 * the person) and only hides what they cannot use. A new feature adds rows, not `if`s.
 *
 * The rules in words:
 * - Every member reads, exports, and comments (observers discuss; they do not write),
 *   and reads and downloads the record of formal acts.
 * - Editors and owners of the lead and partner boroughs change the workspace's content,
 *   suggest changes to the specification, and accept or reject suggestions; except that
 *   where the procurement's setting says the lead borough decides, partner boroughs'
 *   editors and owners only suggest in the specification, and only the lead borough's
 *   write it directly, accept or reject suggestions, and restore a version.
 * - Owners (of a lead or partner borough) run the procurement: its details, the
 *   boroughs taking part, and anyone's membership. Whether the lead borough decides on
 *   suggestions is for the lead borough's owners alone.
 * - A borough lead speaks for their borough: records its positions and signs off for
 *   it, and looks after its people in this procurement. Speaking for a borough needs a
 *   lead or partner borough and at least the editor role: a viewer cannot be a borough
 *   lead, and observer boroughs have none (their owners look after their people).
 */
import { memberRoleLabel, type BoroughRole, type MemberRole } from './roles.js';

/** A person's standing in one procurement. */
export interface Standing {
  role: MemberRole;
  boroughRole: BoroughRole;
  /** Is their borough's lead in this procurement. */
  isBoroughLead: boolean;
  /** The procurement's setting: partner boroughs suggest, the lead borough decides. */
  leadDecides?: boolean;
}

interface Rule {
  allows(standing: Standing): boolean;
  /** What a person who may not do it is told. */
  refusal: string;
}

const isParticipant = (s: Standing) => s.boroughRole !== 'observer';
const writes = (s: Standing) => isParticipant(s) && (s.role === 'owner' || s.role === 'editor');
const owns = (s: Standing) => isParticipant(s) && s.role === 'owner';
const speaksForBorough = (s: Standing) => writes(s) && s.isBoroughLead;
/** Writes the specification directly and decides on suggestions: the lead borough alone when it decides. */
const decidesSpecification = (s: Standing) => writes(s) && (!s.leadDecides || s.boroughRole === 'lead');
const anyMember = () => true;

/** Every action a member may be allowed, with its rule. */
export const policy = {
  read: { allows: anyMember, refusal: 'This procurement was not found, or you are not part of it.' },
  export: { allows: anyMember, refusal: 'Only members of this procurement can download its documents.' },
  readRecord: { allows: anyMember, refusal: 'Only members of this procurement can read and download its record of formal acts.' },
  comment: { allows: anyMember, refusal: 'Only members of this procurement can comment.' },
  edit: { allows: writes, refusal: 'Only editors and owners of the lead and partner boroughs can change the workspace.' },
  editSpecification: {
    allows: decidesSpecification,
    refusal: 'In this procurement partner boroughs suggest changes to the specification, and the lead borough accepts or rejects them.',
  },
  suggest: { allows: writes, refusal: 'Only editors and owners of the lead and partner boroughs can suggest changes.' },
  decideSuggestion: {
    allows: decidesSpecification,
    refusal:
      'Only editors and owners of the lead borough (and of partner boroughs, unless the lead borough decides) can accept or reject suggested changes.',
  },
  chooseWhoDecides: {
    allows: (s) => owns(s) && s.boroughRole === 'lead',
    refusal: 'Only owners in the lead borough can choose whether partner boroughs suggest and the lead borough decides.',
  },
  resolveAnyThread: {
    allows: writes,
    refusal: 'Only the person who started a thread, or an editor or owner of a lead or partner borough, can resolve or reopen it.',
  },
  setDecisionStatus: {
    allows: speaksForBorough,
    refusal: 'Only a borough lead can mark a decision superseded or reopen it; agreement follows the boroughs’ positions.',
  },
  nameVersion: { allows: writes, refusal: 'Only editors and owners can name a version.' },
  restore: {
    allows: decidesSpecification,
    refusal: 'Only editors and owners can restore a version, and only of the lead borough when it decides on the specification.',
  },
  manageDetails: { allows: owns, refusal: 'Only owners can change the procurement’s details.' },
  manageBoroughs: { allows: owns, refusal: 'Only owners can change which boroughs take part.' },
  manageAnyMember: { allows: owns, refusal: 'Only owners can manage the members of other boroughs.' },
  makeOwner: { allows: owns, refusal: 'Only owners can make someone an owner.' },
  manageOwnBorough: {
    allows: (s) => owns(s) || speaksForBorough(s),
    refusal: 'Only owners, and borough leads for their own borough, can manage members and invitations.',
  },
  speakForBorough: {
    allows: speaksForBorough,
    refusal: 'Only your borough’s lead, as an editor or owner of a lead or partner borough, can record its position or sign off for it.',
  },
} satisfies Record<string, Rule>;

export type Action = keyof typeof policy;
export const actions = Object.keys(policy) as Action[];

export function can(standing: Standing, action: Action): boolean {
  return policy[action].allows(standing);
}

/** The whole table applied to one person: what the browser receives as `can`. */
export function capabilities(standing: Standing): Record<Action, boolean> {
  return Object.fromEntries(actions.map((action) => [action, can(standing, action)])) as Record<Action, boolean>;
}

/** A borough lead must be able to speak for their borough. */
export function mayBeBoroughLead(role: MemberRole, boroughRole: BoroughRole): boolean {
  return speaksForBorough({ role, boroughRole, isBoroughLead: true });
}

/** Why someone cannot edit, in plain English, or null when they can. */
export function readOnlyReason(s: Standing, boroughName: string): string | null {
  if (s.boroughRole === 'observer') {
    return `${boroughName} is observing this procurement, so you can read everything but not change it.`;
  }
  if (!writes(s))
    return `You are a ${memberRoleLabel[s.role].toLowerCase()} in this procurement, so you can read everything but not change it.`;
  return null;
}
