/**
 * Signing in (or linking an account) with a borough's Entra ID tenant: the authorization
 * code flow with PKCE, `state` and `nonce`.
 *
 * `start` keeps the attempt (the hash of its `state`, its nonce and PKCE verifier) and
 * sends the browser to that borough's tenant; the browser also gets `state` in a cookie,
 * so a callback only counts in the browser that started it. `finish` takes the attempt
 * (once: a replayed `state` finds nothing), lets openid-client redeem the code and check
 * the ID token (issuer, audience, signature, expiry, nonce), then checks itself that
 * `tid` is the borough's tenant, and only then looks at the identity: `(issuer, tid,
 * oid)`, never the email.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import * as oidc from 'openid-client';
import { domainOf } from '../../../shared/account-boroughs.js';
import type { SsoOutcome } from '../../../shared/sso.js';
import { recordAudit } from '../audit.js';
import { createUser, emailKey, findUserByEmail, type User } from '../auth/users.js';
import type { Clock } from '../clock.js';
import type { SsoConfig } from '../config.js';
import type { Database, Queries } from '../db/queries.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import { connectionDomains, connectionOf, type Connection } from './connections.js';
import { linkedUserId, linkIdentity, type CouncilIdentity } from './identities.js';
import { openSecret } from './secret-box.js';
import { issuerOf, TenantUnavailable, type Tenants } from './tenants.js';

export interface FlowParts {
  db: Database;
  clock: Clock;
  config: SsoConfig;
  tenants: Tenants;
  log: Logger;
  /** Where Entra sends people back: `<public origin>/api/sso/callback`. */
  redirectUri: string;
}

export type Attempt = { purpose: 'sign-in'; loginHint?: string } | { purpose: 'link'; userId: string };

export type FlowResult =
  | { kind: 'signed-in'; user: User; tenantId: string }
  | { kind: 'linked'; userId: string }
  | { kind: 'failed'; outcome: SsoOutcome; purpose: 'sign-in' | 'link'; boroughId?: string };

const hashState = (state: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(state)));

/** Opens a borough's tenant for a new attempt: where to send the browser, and the state for its cookie. */
export async function startAttempt(
  parts: FlowParts,
  connection: Connection,
  attempt: Attempt,
): Promise<{ redirectUrl: string; state: string }> {
  const { db, clock, tenants, redirectUri } = parts;
  const configuration = await tenants.configuration(appOf(parts, connection));
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await db.transaction(async (tx) => {
    // Attempts nobody came back from are cleared as new ones arrive.
    await tx.run(tx.kysely.deleteFrom('sso_attempts').where('created_at', '<', clock.now() - parts.config.attemptLifetimeMs));
    await tx.run(
      tx.kysely.insertInto('sso_attempts').values({
        state_hash: hashState(state),
        borough_id: connection.boroughId,
        purpose: attempt.purpose,
        user_id: attempt.purpose === 'link' ? attempt.userId : null,
        nonce,
        code_verifier: codeVerifier,
        created_at: clock.now(),
      }),
    );
  });
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(attempt.purpose === 'sign-in' && attempt.loginHint ? { login_hint: attempt.loginHint } : {}),
  });
  return { redirectUrl: url.href, state };
}

/**
 * Completes an attempt from the callback's query. `cookieState` is the state this
 * browser was given; `sessionUserId` who is signed in here (for a link).
 */
export async function finishAttempt(
  parts: FlowParts,
  query: URLSearchParams,
  cookieState: string | null,
  sessionUserId: string | null,
): Promise<FlowResult> {
  const { db, clock, log } = parts;
  const state = query.get('state');
  if (!state) return { kind: 'failed', outcome: 'refused', purpose: 'sign-in' };
  // Taken once: a second callback with the same state finds nothing.
  const row = await db.first(db.kysely.deleteFrom('sso_attempts').where('state_hash', '=', hashState(state)).returningAll());
  if (!row || clock.now() - row.created_at > parts.config.attemptLifetimeMs) {
    log.info('sso-refused', { reason: row ? 'attempt-expired' : 'unknown-state' });
    return { kind: 'failed', outcome: 'expired', purpose: row?.purpose ?? 'sign-in' };
  }
  const purpose = row.purpose;
  const failed = (outcome: SsoOutcome, reason: string, detail: Record<string, string> = {}): FlowResult => {
    log.info('sso-refused', { reason, borough: row.borough_id, purpose, ...detail });
    return { kind: 'failed', outcome, purpose, boroughId: row.borough_id };
  };
  if (cookieState !== state) return failed('refused', 'state-not-from-this-browser');
  if (purpose === 'link' && sessionUserId !== row.user_id) return failed('expired', 'link-from-another-session');
  const connection = await connectionOf(db, row.borough_id);
  if (!connection) return failed('not-configured', 'borough-disconnected');

  const issuer = issuerOf(connection.authority, connection.tenantId);
  let claims: oidc.IDToken;
  try {
    const configuration = await parts.tenants.configuration(appOf(parts, connection));
    const currentUrl = new URL(parts.redirectUri);
    currentUrl.search = query.toString();
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: row.code_verifier,
      expectedState: state,
      expectedNonce: row.nonce,
      idTokenExpected: true,
    });
    parts.tenants.keepKeys(configuration, issuer);
    claims = tokens.claims()!;
  } catch (error) {
    const { outcome, reason } = classify(error);
    return failed(outcome, reason, { error: errorMessage(error) });
  }
  // openid-client checked `iss` against the tenant's discovery document; the tenant id is ours to check.
  if (claims.tid !== connection.tenantId)
    return failed('wrong-tenant', 'other-tenant', { tid: typeof claims.tid === 'string' ? claims.tid : 'none' });
  if (typeof claims.oid !== 'string' || claims.oid.length === 0) return failed('refused', 'no-oid');
  const identity: CouncilIdentity = { issuer: claims.iss, tenantId: connection.tenantId, objectId: claims.oid };
  const email =
    typeof claims.email === 'string' ? claims.email : typeof claims.preferred_username === 'string' ? claims.preferred_username : '';
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 120) : email;
  // Decided and written in one transaction: two callbacks for one identity cannot both link it or both make an account.
  const settled = await db.transaction((tx) => settleIdentity(tx, { purpose, userId: row.user_id, connection, identity, email, name }));
  return 'refused' in settled ? failed(settled.refused, settled.reason) : settled;
}

type Settled = Exclude<FlowResult, { kind: 'failed' }> | { refused: SsoOutcome; reason: string };

/**
 * What an identity its tenant vouched for leads to, written in `tx`: the link asked for,
 * a sign-in to the account it is linked to, a new account, or a refusal with its reason.
 */
async function settleIdentity(
  tx: Queries,
  claim: {
    purpose: 'sign-in' | 'link';
    /** The account asking for a link. */
    userId: string | null;
    connection: Connection;
    identity: CouncilIdentity;
    email: string;
    name: string;
  },
): Promise<Settled> {
  const { connection, identity, email } = claim;
  const linked = await linkedUserId(tx, identity);

  if (claim.purpose === 'link') {
    if (linked && linked !== claim.userId) return { refused: 'linked-elsewhere', reason: 'identity-linked-to-another-account' };
    await linkIdentity(tx, claim.userId!, connection.boroughId, identity, 'password-confirmed');
    return { kind: 'linked', userId: claim.userId! };
  }

  if (linked) {
    const user = await userById(tx, linked);
    if (!user) return { refused: 'no-account', reason: 'linked-account-gone' };
    if (!user.hasAccess) return { refused: 'access-removed', reason: 'access-removed' };
    return { kind: 'signed-in', user, tenantId: connection.tenantId };
  }
  // Someone this tenant has not signed in before.
  if (email && (await findUserByEmail(tx, email))) return { refused: 'link-needed', reason: 'email-has-an-unlinked-account' };
  if (!connection.allowsNewAccounts) return { refused: 'no-account', reason: 'new-accounts-not-allowed' };
  if (!email.includes('@') || !(await connectionDomains(tx, connection)).includes(domainOf(email))) {
    return { refused: 'no-account', reason: 'email-outside-borough-domains' };
  }
  const user = await createUser(tx, { email: emailKey(email), name: claim.name, boroughId: connection.boroughId, passwordHash: '' });
  await recordAudit(tx, {
    procurementId: null,
    actorId: user.id,
    action: 'account.created-at-first-sign-in',
    detail: { boroughId: connection.boroughId, userId: user.id, tenantId: connection.tenantId },
  });
  await linkIdentity(tx, user.id, connection.boroughId, identity, 'new-account');
  return { kind: 'signed-in', user, tenantId: connection.tenantId };
}

function appOf(parts: FlowParts, connection: Connection) {
  return {
    authority: connection.authority,
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    clientSecret: openSecret(connection.sealedSecret, parts.config.secretKey),
  };
}

async function userById(db: Queries, id: string): Promise<User | null> {
  const row = await db.first(
    db.kysely
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'borough_id', 'is_borough_admin', 'access_removed_at'])
      .where('id', '=', id),
  );
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.display_name,
    boroughId: row.borough_id,
    isBoroughAdmin: row.is_borough_admin === 1,
    hasAccess: row.access_removed_at === null,
  };
}

/** What to tell the person about a failure to redeem the code or check the token. */
function classify(error: unknown): { outcome: SsoOutcome; reason: string } {
  if (error instanceof TenantUnavailable) return { outcome: 'unavailable', reason: 'tenant-unreachable' };
  if (error instanceof oidc.AuthorizationResponseError) {
    return error.error === 'access_denied'
      ? { outcome: 'cancelled', reason: 'cancelled-at-tenant' }
      : { outcome: 'refused', reason: `tenant-error-${error.error}` };
  }
  if (error instanceof oidc.ResponseBodyError) {
    if (error.error === 'invalid_grant') return { outcome: 'expired', reason: 'code-expired-or-used' };
    if (error.status >= 500) return { outcome: 'unavailable', reason: 'tenant-failed' };
    return { outcome: 'refused', reason: `token-endpoint-${error.error}` };
  }
  if (isUnreachable(error)) return { outcome: 'unavailable', reason: 'tenant-unreachable' };
  const code = (error as { code?: unknown }).code;
  return { outcome: 'refused', reason: typeof code === 'string' ? code : 'token-check-failed' };
}

function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}
