/**
 * Which borough an account belongs to. Edits are credited to a person's borough, so an
 * account must be in the borough its holder works for:
 *
 * - Each borough's admin lists the email domains of their council. An invitation to an
 *   address at another borough's domain is refused: only that borough invites its own
 *   staff (no borough vouches for another's). An address at no domain of the inviter's
 *   borough is sent only once the inviter confirms the person works for their borough.
 * - An account in the wrong borough is corrected by the admins of both: the admin of
 *   the borough it is in asks, the admin of the borough it should be in approves.
 *
 * The rule is here, used by the server (which enforces it) and the client (which warns
 * while the address is typed).
 */
import { z } from 'zod';

/** The domain of an email address, lower case: "name@Camden.gov.uk" → "camden.gov.uk". */
export function domainOf(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/** What an inviter's form and the server need to know about a borough's domains. */
export interface BoroughDomains {
  id: string;
  name: string;
  emailDomains: readonly string[];
}

export type InviteeCheck =
  /** The address is at one of the borough's domains. */
  | { kind: 'own-domain' }
  /** The address is at another borough's domain: refused. */
  | { kind: 'other-borough'; borough: { id: string; name: string }; domain: string }
  /** The borough lists domains, and this is none of them: send only once confirmed. */
  | { kind: 'outside-domains'; domain: string; ownDomains: readonly string[] }
  /** The borough lists no domains: nothing to check against. */
  | { kind: 'no-domains' };

/** How an address to be invited into `boroughId` stands against the known domains. */
export function checkInvitee(email: string, boroughId: string, boroughs: readonly BoroughDomains[]): InviteeCheck {
  const domain = domainOf(email);
  const owner = boroughs.find((b) => b.emailDomains.includes(domain));
  if (owner && owner.id !== boroughId) return { kind: 'other-borough', borough: { id: owner.id, name: owner.name }, domain };
  if (owner) return { kind: 'own-domain' };
  const own = boroughs.find((b) => b.id === boroughId)?.emailDomains ?? [];
  return own.length > 0 ? { kind: 'outside-domains', domain, ownDomains: own } : { kind: 'no-domains' };
}

/** The plain-English reason an invitation is refused, or asks for confirmation. */
export function inviteeMessage(check: InviteeCheck, inviterBoroughName: string): string | null {
  switch (check.kind) {
    case 'other-borough':
      return (
        `This is a ${check.borough.name} address (${check.domain}). Only ${check.borough.name} invites its own staff: ` +
        `ask ${check.borough.name}’s borough lead or Jointly administrator to invite them.`
      );
    case 'outside-domains':
      return (
        `This address is not at a ${inviterBoroughName} domain (${check.ownDomains.join(', ')}). ` +
        `Their edits will be credited to ${inviterBoroughName}: confirm that they work for ${inviterBoroughName}.`
      );
    default:
      return null;
  }
}

/** A domain as an admin types it: "camden.gov.uk" (an "@" in front is dropped). */
export const emailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ''))
  .pipe(
    z
      .string()
      .max(253, 'Enter a domain of 253 characters or fewer')
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        'Enter a domain in the correct format, like camden.gov.uk',
      ),
  );

export const setEmailDomainsRequest = z
  .object({
    domains: z
      .array(emailDomain)
      .max(20, 'List 20 domains or fewer')
      .refine((list) => new Set(list).size === list.length, 'Each domain once'),
  })
  .strict();
export type SetEmailDomainsRequest = z.infer<typeof setEmailDomainsRequest>;

export const requestBoroughCorrection = z
  .object({
    userId: z.string().regex(/^[a-z0-9]{10,40}$/, 'Not a valid id'),
    toBoroughId: z.string().regex(/^[a-z-]{2,40}$/, 'Choose the borough they work for'),
    reason: z
      .string()
      .trim()
      .min(1, 'Say why the account is in the wrong borough')
      .max(1000, 'The reason must be 1000 characters or fewer'),
  })
  .strict();
export type RequestBoroughCorrection = z.infer<typeof requestBoroughCorrection>;

export type CorrectionOutcome = 'approved' | 'declined' | 'withdrawn';

/** A request to move an account to the borough its holder works for. */
export interface BoroughCorrection {
  id: string;
  person: { id: string; name: string; email: string };
  from: { id: string; name: string };
  to: { id: string; name: string };
  reason: string;
  requestedBy: { id: string; name: string };
  requestedAt: string;
  /** Null while it waits for the other borough's admin. */
  outcome: CorrectionOutcome | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
}
