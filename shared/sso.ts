/**
 * Single sign-on with a borough's own Microsoft Entra ID tenant: the requests the sign-in
 * page, the account page and the borough admin send, what the admin sees of a
 * connection (never its secret), and the outcomes of a sign-in that comes back from the
 * council, each with the words the sign-in page shows.
 */
import { z } from 'zod';
import { emailDomain } from './account-boroughs.js';

/** Entra tenant ids and application (client) ids are GUIDs. */
const guid = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      `Enter the ${what} in the correct format, like 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`,
    );

/** Start signing in with a council account: by email address, or by choosing the borough. */
export const startSsoRequest = z.union([
  z
    .object({
      email: z
        .string()
        .trim()
        .max(254, 'Enter an email address of 254 characters or fewer')
        .pipe(z.email('Enter your council email address in the correct format, like name@hackney.gov.uk')),
    })
    .strict(),
  z.object({ boroughId: z.string().regex(/^[a-z-]{2,40}$/, 'Choose your borough') }).strict(),
]);
export type StartSsoRequest = z.infer<typeof startSsoRequest>;

/** Where the browser goes next: the council's own sign-in page. */
export interface StartSso {
  redirectUrl: string;
}

/** Link the signed-in account to a council account: the password proves it is theirs. */
export const startSsoLinkRequest = z
  .object({ currentPassword: z.string().min(1, 'Enter your password').max(256, 'That password is too long') })
  .strict();
export type StartSsoLinkRequest = z.infer<typeof startSsoLinkRequest>;

/** What a borough admin sets. The secret is write-only: left out, the stored one stays. */
export const setBoroughSsoRequest = z
  .object({
    authority: z.string().max(200).optional(),
    tenantId: guid('tenant ID'),
    clientId: guid('application (client) ID'),
    clientSecret: z.string().trim().min(1, 'Enter the client secret').max(512, 'That secret is too long').optional(),
    usesBoroughDomains: z.boolean(),
    domains: z
      .array(emailDomain)
      .max(20, 'List 20 domains or fewer')
      .refine((list) => new Set(list).size === list.length, 'Each domain once')
      .default([]),
    allowsNewAccounts: z.boolean(),
    requiresSso: z.boolean(),
  })
  .strict();
export type SetBoroughSsoRequest = z.input<typeof setBoroughSsoRequest>;

/** A borough's connection as its admin sees it. */
export interface BoroughSso {
  /** The sign-in addresses this deployment allows (the first is Microsoft's global cloud by default). */
  authorities: string[];
  /** The address Entra must send people back to. */
  redirectUri: string;
  connection: {
    authority: string;
    tenantId: string;
    clientId: string;
    /** Only whether a secret is stored: it is never shown again. */
    hasSecret: true;
    usesBoroughDomains: boolean;
    /** The domains that lead to this tenant now (the borough's, or its own list). */
    domains: string[];
    allowsNewAccounts: boolean;
    requiresSso: boolean;
    updatedAt: string;
  } | null;
}

/** What the account page shows about signing in. */
export interface SsoAccount {
  /** The person's borough has connected its tenant. */
  available: boolean;
  /** Their borough signs in with council accounts only. */
  required: boolean;
  /** Their account is linked to a council account, since then. */
  linkedAt: string | null;
  hasPassword: boolean;
}

/**
 * Why a sign-in that came back from the council did not start a session (the callback
 * sends the browser to `/sign-in?sso=<outcome>`), or what a link did (`/account/password?sso=`).
 */
export const ssoOutcomes = {
  expired: 'That sign-in had expired or was already used. Start again.',
  refused:
    'Your council’s answer could not be checked, so you have not been signed in. Start again; if it happens again, tell your borough’s Jointly administrator.',
  'wrong-tenant': 'That council account belongs to another organisation’s Microsoft tenant, so you have not been signed in.',
  cancelled: 'You did not finish signing in with your council account.',
  unavailable: 'Your council’s sign-in service could not be reached. Try again in a few minutes.',
  'no-account': 'You do not have a Jointly account yet. Ask your borough’s Jointly administrator to invite you.',
  'link-needed':
    'There is already a Jointly account with your email address. Sign in with your password, then link your council account on the page “Change your password”.',
  'access-removed': 'Your access to Jointly has been removed. Ask your borough’s Jointly administrator if you need it back.',
  'linked-elsewhere': 'That council account is already linked to another Jointly account.',
  'not-configured': 'Your borough has not set up sign-in with council accounts.',
  linked: 'Your council account is linked. From now on you can sign in with it.',
} as const;
export type SsoOutcome = keyof typeof ssoOutcomes;

export function isSsoOutcome(value: string | null): value is SsoOutcome {
  return value !== null && Object.hasOwn(ssoOutcomes, value);
}
