/**
 * Talking to boroughs' Entra ID tenants through `openid-client`, which does discovery,
 * PKCE and the full check of an ID token (issuer, audience, signature from the tenant's
 * published keys, expiry, nonce). This module adds caching with lifetimes:
 *
 * - a tenant's discovery document is kept for `discoveryLifetimeMs` on the server's
 *   clock, then fetched again;
 * - its keys (JWKS) are kept by openid-client for at most five minutes. We hand the
 *   library our copy marked a minute old, which is the age from which it fetches the
 *   keys again when a token names a key id it does not know: a tenant that rolls its
 *   keys over is followed on the very next sign-in. (Tokens reach us only from the
 *   tenant's own token endpoint, so nobody else can make us fetch keys.)
 *
 * Plain http is allowed only for an authority on the machine itself (a local provider in
 * tests); config.ts refuses any other.
 */
import * as oidc from 'openid-client';
import type { Clock } from '../clock.js';
import type { SsoConfig } from '../config.js';
import type { Logger } from '../log.js';

/** The tenant and application one borough signs in with. */
export interface TenantApp {
  authority: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Why talking to the tenant failed: it could not be reached, or it answered but wrongly. */
export class TenantUnavailable extends Error {
  constructor(
    readonly issuer: string,
    cause: unknown,
  ) {
    super(`the tenant at ${issuer} could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TenantUnavailable';
  }
}

/** The issuer Entra gives a tenant: `<authority>/<tenant id>/v2.0`. */
export function issuerOf(authority: string, tenantId: string): string {
  return `${authority}/${tenantId}/v2.0`;
}

interface Discovered {
  /** The discovery document as plain data (openid-client's copy carries functions). */
  metadata: oidc.ServerMetadata;
  fetchedAt: number;
}

/** How much older than it is our copy of the keys is said to be: see the header. */
const keysAgeHandicapSeconds = 60;

/** The tenants Jointly has talked to, with what it keeps of each (one per server). */
export class Tenants {
  private readonly discovered = new Map<string, Discovered>();
  private readonly keys = new Map<string, oidc.ExportedJWKSCache>();

  constructor(
    private readonly config: SsoConfig,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** A configuration for one sign-in, from the cached discovery document and keys. */
  async configuration(app: TenantApp): Promise<oidc.Configuration> {
    const issuer = issuerOf(app.authority, app.tenantId);
    const metadata = await this.discover(issuer, app);
    const configuration = new oidc.Configuration(metadata, app.clientId, app.clientSecret);
    this.prepare(configuration, issuer);
    const keys = this.keys.get(issuer);
    if (keys) oidc.setJwksCache(configuration, { jwks: keys.jwks, uat: keys.uat - keysAgeHandicapSeconds });
    return configuration;
  }

  /** Keeps the keys openid-client holds after a sign-in, if it fetched new ones. */
  keepKeys(configuration: oidc.Configuration, issuer: string): void {
    const cache = oidc.getJwksCache(configuration);
    const known = this.keys.get(issuer);
    if (!cache || (known && cache.uat === known.uat - keysAgeHandicapSeconds)) return;
    this.keys.set(issuer, { jwks: cache.jwks, uat: cache.uat });
    this.log.info('sso-keys-fetched', { issuer, keys: cache.jwks.keys.length });
  }

  /** Forgets a tenant, so the next sign-in discovers it again (after it failed us). */
  forget(issuer: string): void {
    this.discovered.delete(issuer);
    this.keys.delete(issuer);
  }

  private async discover(issuer: string, app: TenantApp): Promise<oidc.ServerMetadata> {
    const cached = this.discovered.get(issuer);
    if (cached && this.clock.now() - cached.fetchedAt < this.config.discoveryLifetimeMs) return cached.metadata;
    try {
      const found = await oidc.discovery(new URL(issuer), app.clientId, app.clientSecret, undefined, {
        execute: issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
        timeout: this.config.requestTimeoutSeconds,
      });
      // The discovery check has already required `issuer` to be exactly the tenant's.
      const metadata = JSON.parse(JSON.stringify(found.serverMetadata())) as oidc.ServerMetadata;
      this.discovered.set(issuer, { metadata, fetchedAt: this.clock.now() });
      this.log.info('sso-discovered', { issuer });
      return metadata;
    } catch (error) {
      throw new TenantUnavailable(issuer, error);
    }
  }

  private prepare(configuration: oidc.Configuration, issuer: string): void {
    if (issuer.startsWith('http:')) oidc.allowInsecureRequests(configuration);
    configuration.timeout = this.config.requestTimeoutSeconds;
    // openid-client trusts an ID token from the token endpoint on TLS alone (OIDC allows
    // it); we check its signature against the tenant's published keys as well.
    oidc.enableNonRepudiationChecks(configuration);
  }
}
