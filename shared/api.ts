/**
 * The HTTP API's shapes: zod schemas for every request body (the server validates with
 * them, the client's forms check with them) and the types of every response.
 */
import { z } from 'zod';
import type { BoroughCorrection } from './account-boroughs.js';
import type { Action } from './policy.js';
import { memberRoles, type BoroughRole, type MemberRole } from './roles.js';

export const phases = ['planning', 'market-engagement', 'specification', 'tender', 'evaluation', 'award', 'contract'] as const;
export type Phase = (typeof phases)[number];

export const phaseLabel: Record<Phase, string> = {
  planning: 'Planning',
  'market-engagement': 'Market engagement',
  specification: 'Specification',
  tender: 'Tender',
  evaluation: 'Evaluation',
  award: 'Award',
  contract: 'Contract management',
};

export const passwordRules = { min: 12, max: 256 } as const;

const email = z
  .string()
  .trim()
  .max(254, 'Enter an email address of 254 characters or fewer')
  .pipe(z.email('Enter an email address in the correct format, like name@camden.gov.uk'));

const newPassword = z
  .string()
  .min(passwordRules.min, `Use a password of at least ${passwordRules.min} characters`)
  .max(passwordRules.max, `Use a password of ${passwordRules.max} characters or fewer`);

const text = (field: string, max: number) => z.string().trim().max(max, `${field} must be ${max} characters or fewer`);

const requiredText = (field: string, max: number) => text(field, max).min(1, `Enter ${field.toLowerCase()}`);

/** Ids made by the server: lower-case letters and digits. */
export const idSchema = z.string().regex(/^[a-z0-9]{10,40}$/, 'Not a valid id');

export const loginRequest = z
  .object({
    email,
    password: z.string().min(1, 'Enter your password').max(passwordRules.max, 'That password is too long'),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequest>;

export const changePasswordRequest = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(passwordRules.max),
    newPassword,
  })
  .strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

export const createProcurementRequest = z
  .object({
    title: requiredText('Title', 200),
    reference: text('Reference', 50).default(''),
    summary: text('Summary', 2000).default(''),
    phase: z.enum(phases).default('planning'),
  })
  .strict();
export type CreateProcurementRequest = z.input<typeof createProcurementRequest>;

export const updateProcurementRequest = z
  .object({
    title: requiredText('Title', 200).optional(),
    reference: text('Reference', 50).optional(),
    summary: text('Summary', 2000).optional(),
    phase: z.enum(phases).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Change at least one detail');
export type UpdateProcurementRequest = z.infer<typeof updateProcurementRequest>;

export const whoDecidesRequest = z
  .object({ leadDecides: z.boolean({ error: 'Choose whether the lead borough decides on suggested changes' }) })
  .strict();
export type WhoDecidesRequest = z.infer<typeof whoDecidesRequest>;

export const addBoroughRequest = z
  .object({
    boroughId: z.string().min(1, 'Choose a borough').max(64),
    role: z.enum(['partner', 'observer']),
  })
  .strict();
export type AddBoroughRequest = z.infer<typeof addBoroughRequest>;

export const updateBoroughRequest = z.object({ role: z.enum(['partner', 'observer']) }).strict();
export type UpdateBoroughRequest = z.infer<typeof updateBoroughRequest>;

export const addMemberRequest = z
  .object({
    email,
    role: z.enum(memberRoles),
    isBoroughLead: z.boolean().default(false),
  })
  .strict();
export type AddMemberRequest = z.input<typeof addMemberRequest>;

export const updateMemberRequest = z
  .object({
    role: z.enum(memberRoles).optional(),
    isBoroughLead: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.role !== undefined || v.isBoroughLead !== undefined, 'Change the role or the borough lead');
export type UpdateMemberRequest = z.infer<typeof updateMemberRequest>;

/**
 * Set when the inviter confirms that someone whose address is not at one of their
 * borough's email domains works for their borough (see account-boroughs.ts).
 */
const worksForBorough = z.boolean().optional();

export const createInvitationRequest = z
  .object({
    email,
    role: z.enum(memberRoles),
    worksForBorough,
  })
  .strict();
export type CreateInvitationRequest = z.infer<typeof createInvitationRequest>;

/** A borough admin invites a colleague to the service (no procurement yet). */
export const inviteColleagueRequest = z.object({ email, worksForBorough }).strict();
export type InviteColleagueRequest = z.infer<typeof inviteColleagueRequest>;

/** A borough admin changes a colleague's account: admin or not, access or not. */
export const updateColleagueRequest = z
  .object({
    isBoroughAdmin: z.boolean().optional(),
    hasAccess: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.isBoroughAdmin !== undefined || v.hasAccess !== undefined, 'Change the admin role or the access');
export type UpdateColleagueRequest = z.infer<typeof updateColleagueRequest>;

/** An invitation link's `<id>.<secret>`: sent in a request body, never in an address that proxies log. */
const invitationToken = z.string().min(3).max(200);

export const previewInvitationRequest = z.object({ token: invitationToken }).strict();
export type PreviewInvitationRequest = z.infer<typeof previewInvitationRequest>;

/** The person's details as the form checks them; the request adds the link's token. */
export const newAccountDetails = z
  .object({
    name: requiredText('Your name', 100),
    password: newPassword,
  })
  .strict();

export type NewAccountDetails = z.infer<typeof newAccountDetails>;

export const acceptInvitationRequest = newAccountDetails.extend({ token: invitationToken }).strict();
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequest>;

// ---- responses ---------------------------------------------------------------------

export interface ApiError {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export interface BoroughSummary {
  id: string;
  name: string;
  officialName: string;
}

/** A borough as `/api/boroughs` lists it: with the email domains its admin lists. */
export interface KnownBorough extends BoroughSummary {
  emailDomains: string[];
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  borough: BoroughSummary;
}

export interface Me {
  user: UserSummary;
  /** May manage the accounts of their own borough. */
  isBoroughAdmin: boolean;
  session: { expiresAt: string; idleTimeoutMinutes: number };
}

export interface ParticipatingBorough extends BoroughSummary {
  role: BoroughRole;
}

export interface ProcurementSummary {
  id: string;
  title: string;
  reference: string;
  phase: Phase;
  boroughs: ParticipatingBorough[];
  myRole: MemberRole;
  createdAt: string;
  lastActivityAt: string;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  borough: BoroughSummary;
  role: MemberRole;
  isBoroughLead: boolean;
  /** Their colour in this procurement (cursor, presence, history): no other member's while colours last. */
  colour: string;
}

/** What the signed-in person may do here, worked out by the server from shared/policy.ts. */
export interface MyStanding {
  role: MemberRole;
  boroughRole: BoroughRole;
  boroughId: string;
  isBoroughLead: boolean;
  can: Record<Action, boolean>;
  readOnlyReason: string | null;
}

export interface ProcurementDetail extends ProcurementSummary {
  summary: string;
  /** Partner boroughs suggest changes to the specification; the lead borough decides. */
  leadDecides: boolean;
  createdBy: { id: string; name: string } | null;
  members: Member[];
  me: MyStanding;
}

/** An invitation link's record, whoever issued it (the link itself is never stored). */
export interface InvitationBasics {
  id: string;
  email: string;
  invitedBy: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  /** Past its expiry and never accepted (by the server's clock). */
  expired: boolean;
}

/** An invitation to one procurement, from its owner or a borough lead. */
export interface Invitation extends InvitationBasics {
  role: MemberRole;
  borough: BoroughSummary;
}

/** Only in the answer to creating one: the link is shown once and never stored. */
export interface CreatedInvitation extends Invitation {
  link: string;
}

/** What the invitation page shows before someone accepts. */
export interface InvitationPreview {
  email: string;
  borough: BoroughSummary;
  /** Null for an invitation to the service alone (from a borough admin). */
  procurement: { id: string; title: string } | null;
  role: MemberRole | null;
  invitedBy: string;
  expiresAt: string;
}

/** An account of the admin's borough, as the borough admin page lists it. */
export interface Colleague {
  id: string;
  name: string;
  email: string;
  isBoroughAdmin: boolean;
  /** When their access was removed; null while they can sign in. */
  accessRemovedAt: string | null;
  createdAt: string;
  /** How many procurements they are a member of. */
  procurements: number;
}

/** An invitation to the service, from a borough admin. */
export type ColleagueInvitation = InvitationBasics;

export interface CreatedColleagueInvitation extends ColleagueInvitation {
  /** Shown once and never stored. */
  link: string;
}

/** Any invitation into the admin's borough: to the service alone, or to a procurement. */
export interface BoroughInvitation extends InvitationBasics {
  procurement: { id: string; title: string } | null;
  role: MemberRole | null;
}

export interface BoroughPeople {
  borough: BoroughSummary;
  people: Colleague[];
  /** Every invitation into the borough, whoever sent it, newest first. */
  invitations: BoroughInvitation[];
  /** The borough's email domains (invitations to other boroughs' domains are refused). */
  emailDomains: string[];
  /** Requests to move an account out of or into the borough, newest first. */
  corrections: BoroughCorrection[];
}
