/**
 * The built client as browsers get it: scripts named after their contents are kept for
 * a year, the page is checked on every visit (so a release reaches everyone), and a
 * script that is not there is a 404, never the page in its place.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api.js';
import { makeTempDir, startTestServer, type TestServer } from './support/test-server.js';

const page = '<!doctype html><script type="module" src="/assets/index-AbC_12-z.js"></script>';
let server: TestServer;
let browser: ApiClient;

beforeAll(async () => {
  const clientDir = makeTempDir();
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), page);
  writeFileSync(join(clientDir, 'assets', 'index-AbC_12-z.js'), 'export {};');
  writeFileSync(join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  server = await startTestServer({ config: { clientDir } });
  browser = new ApiClient(server.url);
});
afterAll(async () => server.remove());

describe('the built client', () => {
  it('keeps scripts named after their contents for a year', async () => {
    const script = await browser.get('/assets/index-AbC_12-z.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('has the page and other files checked on every visit, at every address the router shows', async () => {
    for (const path of ['/', '/index.html', '/procurements/some-id/history', '/favicon.svg']) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(response.headers.get('last-modified'), path).not.toBeNull();
    }
    expect((await browser.get('/procurements/some-id')).body).toBe(page);
  });

  it('answers a script that is not there (an older release’s) with 404, not the page', async () => {
    const missing = await browser.get('/assets/WorkspacePage-Old12345.js');
    expect(missing.status).toBe(404);
    expect(missing.body).not.toContain('<script');
    expect(missing.headers.get('cache-control')).toBe('no-cache');
  });
});
