/**
 * The demo world with single sign-on: two fake council tenants on loopback (Hackney's,
 * and one belonging to another organisation), and Hackney connected to its tenant by its
 * admin through the API, for addresses at hackney.gov.uk.
 */
import { rmSync } from 'node:fs';
import { startDemoWorld, type DemoWorld } from './demo-world.js';
import { reservePort } from './server-process.js';
import { startTenant, type Tenant } from './tenant.js';

export interface SsoWorld extends DemoWorld {
  hackneyTenant: Tenant;
  otherTenant: Tenant;
  /** Hackney's connection as its admin sent it (without the secret). */
  connect(change?: Record<string, unknown>): Promise<{ status: number; body: any }>;
}

/** Starts it all; `remove()` on its server stops the tenants too. */
export async function startSsoWorld(options: { allowsNewAccounts?: boolean } = {}): Promise<SsoWorld> {
  // Held until each tenant listens: the demo world starts in between, for some seconds.
  const [hackneyPlace, otherPlace] = [await reservePort(), await reservePort()];
  const [hackneyPort, otherPort] = [hackneyPlace.port, otherPlace.port];
  const authorities = [`http://127.0.0.1:${hackneyPort}`, `http://127.0.0.1:${otherPort}`];
  const world = await startDemoWorld({
    config: {
      sso: {
        authorities,
        secretKey: new Uint8Array(32).fill(9),
        discoveryLifetimeMs: 3_600_000,
        attemptLifetimeMs: 600_000,
        requestTimeoutSeconds: 5,
      },
    },
  });
  const redirectUri = `${world.server.url}/api/sso/callback`;
  await hackneyPlace.release();
  const hackneyTenant = await startTenant({ redirectUri, port: hackneyPort });
  await otherPlace.release();
  const otherTenant = await startTenant({ redirectUri, port: otherPort });
  const connect = (change: Record<string, unknown> = {}) =>
    world.lead.request('PUT', '/api/borough/sso', {
      authority: hackneyTenant.authority,
      tenantId: hackneyTenant.tenantId,
      clientId: hackneyTenant.clientId,
      clientSecret: hackneyTenant.clientSecret,
      usesBoroughDomains: false,
      domains: ['hackney.gov.uk'],
      allowsNewAccounts: options.allowsNewAccounts ?? true,
      requiresSso: false,
      ...change,
    });
  const connected = await connect();
  if (connected.status !== 200) throw new Error(`connecting Hackney failed: ${JSON.stringify(connected.body)}`);
  const server = world.server;
  return {
    ...world,
    hackneyTenant,
    otherTenant,
    connect,
    server: Object.assign(world.server, {
      remove: async () => {
        await Promise.all([hackneyTenant.stop(), otherTenant.stop()]);
        await server.stop();
        rmSync(server.dir, { recursive: true, force: true });
      },
    }),
  };
}
