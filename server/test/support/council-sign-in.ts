/**
 * A browser's part in signing in with a council account, over real HTTP: a cookie jar
 * per host, redirects followed by hand so a test can stop at any step, and the fake
 * tenant's login form filled in. A test can change the authorization request before the
 * tenant sees it, or keep the callback address to send it twice.
 */
import type { Tenant } from './tenant.js';

/** One browser: its cookies, and the steps of a council sign-in. */
export class CouncilBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(readonly jointlyUrl: string) {}

  /** The cookies this browser holds for a host. */
  cookies(url: string): Map<string, string> {
    const host = new URL(url).host;
    let cookies = this.jar.get(host);
    if (!cookies) this.jar.set(host, (cookies = new Map()));
    return cookies;
  }

  /** The Cookie header for Jointly, as an ApiClient takes it. */
  jointlyCookieHeader(): string {
    return [...this.cookies(this.jointlyUrl)].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async fetch(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const cookies = this.cookies(url);
    const headers: Record<string, string> = { ...init.headers };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { method: init.method ?? 'GET', body: init.body, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone = !value || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  }

  /** Signs in with a password, as the sign-in page does; returns Jointly's status and error code. */
  async passwordSignIn(email: string, password: string): Promise<{ status: number; code?: string }> {
    const response = await this.postJson('/api/auth/login', { email, password });
    return { status: response.status, code: response.body?.error?.code };
  }

  /** A JSON request to Jointly from its own page. */
  async postJson(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const response = await this.fetch(`${this.jointlyUrl}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', origin: this.jointlyUrl },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** Asks Jointly to start; returns its answer (a redirect URL on success). */
  async start(request: { email: string } | { boroughId: string }): Promise<{ status: number; body: any }> {
    return this.postJson('/api/sso/start', request);
  }

  /**
   * Goes through the tenant's login as `login` from the authorization URL, and returns
   * the address the tenant sends the browser back to (not yet visited).
   */
  async loginAtTenant(authorizationUrl: string, login: string): Promise<string> {
    let url = authorizationUrl;
    for (let step = 0; step < 10; step++) {
      if (url.startsWith(this.jointlyUrl)) return url;
      const response = await this.fetch(url);
      if (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location')!, url).href;
        continue;
      }
      const page = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      if (response.status !== 200 || !action || !page.includes('name="login"')) {
        throw new Error(`the tenant answered ${response.status}: ${page.slice(0, 300)}`);
      }
      const posted = await this.fetch(new URL(action, url).href, {
        method: 'POST',
        body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      url = new URL(posted.headers.get('location')!, url).href;
    }
    throw new Error('the tenant never sent the browser back');
  }

  /** Visits Jointly's callback; returns where it sends the browser. */
  async callback(url: string): Promise<{ status: number; location: string }> {
    const response = await this.fetch(url);
    return { status: response.status, location: response.headers.get('location') ?? '' };
  }

  /** The whole way: start with an email, log in at the tenant, come back. */
  async signIn(tenant: Tenant, login: string, email = tenant.person(login).email): Promise<{ status: number; location: string }> {
    const started = await this.start({ email });
    if (started.status !== 200) throw new Error(`start refused: ${JSON.stringify(started.body)}`);
    return this.callback(await this.loginAtTenant(started.body.redirectUrl, login));
  }

  /** Who Jointly says is signed in in this browser (null: nobody). */
  async me(): Promise<{ email: string; name: string; borough: { id: string } } | null> {
    const response = await this.fetch(`${this.jointlyUrl}/api/me`);
    if (response.status !== 200) return null;
    return ((await response.json()) as { user: { email: string; name: string; borough: { id: string } } }).user;
  }
}
