/**
 * A fake council tenant: a real OpenID Connect provider (panva's certified
 * `oidc-provider`) on a loopback port of its own, with its issuer shaped like Entra's
 * (`http://127.0.0.1:<port>/<tenant id>/v2.0`) and Entra's `tid` and `oid` claims in its
 * ID tokens. Its login page takes any password for the people a test adds; consent is
 * given in advance for the one application (Jointly), as a council's IT team does.
 *
 * A test can make it misbehave the ways an attacker or an accident would: put another
 * tenant's `tid` in its tokens, publish a key other than the one it signs with, hand out
 * codes already expired, roll its signing key over, or go down.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';

export interface CouncilPerson {
  oid: string;
  email: string;
  name: string;
}

export interface Tenant {
  readonly tenantId: string;
  readonly issuer: string;
  /** http://127.0.0.1:<port>: what Jointly's ENTRA_AUTHORITIES lists. */
  readonly authority: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** How often Jointly fetched the discovery document and the keys. */
  readonly fetches: { discovery: number; keys: number };
  /** What the tenant does wrong, on purpose; each is off until set. */
  readonly misbehaviour: { tid?: string; publishesAnotherKey?: boolean; codesExpired?: boolean };
  /** Adds someone who can sign in at this tenant (login name → claims). */
  addPerson(login: string, person?: Partial<CouncilPerson>): CouncilPerson;
  person(login: string): CouncilPerson;
  /** A new signing key with a new key id; the old one is no longer published. */
  rollKeys(): void;
  /** Stops answering, as if the tenant were down; `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

type Jwk = Record<string, unknown> & { kid: string };

function signingKey(kid: string): { privateJwk: Jwk; publicJwk: Jwk } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: 'RS256', use: 'sig' },
  };
}

/** Starts a tenant for Jointly's redirect address, on `port` if given (Jointly must know it first). */
export async function startTenant(options: { redirectUri: string; tenantId?: string; port?: number }): Promise<Tenant> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = randomUUID();
  const clientSecret = `secret-${randomUUID()}`;
  const people = new Map<string, CouncilPerson>();
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const fetches = { discovery: 0, keys: 0 };
  const misbehaviour: Tenant['misbehaviour'] = {};
  let key = signingKey(randomUUID());
  let server: Server | null = null;
  let port = options.port ?? 0;
  let issuer = '';
  let provider: Provider;

  /** The provider's storage, kept across key roll-overs; codes can be made to look expired. */
  const adapter = (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    const read = (id: string): AdapterPayload | undefined => {
      const entry = store.get(keyOf(id));
      if (!entry || entry.expiresAt < Date.now()) return undefined;
      if (model === 'AuthorizationCode' && misbehaviour.codesExpired) return { ...entry.payload, exp: 1 };
      return entry.payload;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        store.set(keyOf(id), { payload, expiresAt: Date.now() + (expiresIn ?? 3600) * 1000 });
      },
      find: async (id) => read(id),
      findByUid: async (uid) => [...store.entries()].find(([k, v]) => k.startsWith(`${model}:`) && v.payload.uid === uid)?.[1].payload,
      findByUserCode: async () => undefined,
      consume: async (id) => {
        const entry = store.get(keyOf(id));
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        store.delete(keyOf(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [k, v] of store) if (v.payload.grantId === grantId) store.delete(k);
      },
    };
  };

  const makeProvider = (): Provider => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [options.redirectUri],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [key.privateJwk] },
      adapter,
      cookies: { keys: ['a test tenant’s cookie key'] },
      claims: { openid: ['sub', 'tid', 'oid'], email: ['email'], profile: ['name', 'preferred_username'] },
      conformIdTokenClaims: false,
      ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      pkce: { required: () => true },
      features: { devInteractions: { enabled: true } },
      findAccount: (_ctx, sub) => {
        const person = people.get(sub);
        if (!person) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub,
            tid: misbehaviour.tid ?? tenantId,
            oid: person.oid,
            email: person.email,
            preferred_username: person.email,
            name: person.name,
          }),
        };
      },
      // The council's IT team consented for everyone when they registered the application.
      loadExistingGrant: async (ctx) => {
        const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
        if (grantId) return provider.Grant.find(grantId);
        if (!ctx.oidc.session?.accountId) return undefined;
        const grant = new provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope('openid profile email');
        await grant.save();
        return grant;
      },
    };
    return new Provider(issuer, configuration);
  };

  const prefix = `/${tenantId}/v2.0`;
  const handle = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (!url.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const path = url.slice(prefix.length) || '/';
    if (path.startsWith('/.well-known/openid-configuration')) fetches.discovery++;
    if (path.startsWith('/jwks')) {
      fetches.keys++;
      if (misbehaviour.publishesAnotherKey) {
        // The same key id, someone else's key: every signature must fail.
        const other = signingKey(key.publicJwk.kid);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [other.publicJwk] }));
        return;
      }
    }
    req.originalUrl = url;
    req.url = path;
    void provider.callback()(req, res);
  };

  const start = async () => {
    const s = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
    port = (s.address() as AddressInfo).port;
    if (!issuer) {
      issuer = `http://127.0.0.1:${port}${prefix}`;
      provider = makeProvider();
    }
  };
  await start();

  const tenant: Tenant = {
    tenantId,
    issuer,
    authority: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    fetches,
    misbehaviour,
    addPerson: (login, person = {}) => {
      const added: CouncilPerson = {
        oid: person.oid ?? randomUUID(),
        email: person.email ?? `${login}@example.gov.uk`,
        name: person.name ?? login,
      };
      people.set(login, added);
      return added;
    },
    person: (login) => {
      const found = people.get(login);
      if (!found) throw new Error(`no person ${login} at this tenant`);
      return found;
    },
    rollKeys: () => {
      key = signingKey(randomUUID());
      provider = makeProvider();
    },
    stop: async () => {
      const s = server;
      server = null;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start,
  };
  return tenant;
}
