/**
 * The whole product for a browser test: the real server (demo data, temp database, the
 * built client) and headless Chromium, with people signed in through the sign-in page.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Clock } from '../../../server/src/clock.js';
import { readConfig, type Config } from '../../../server/src/config.js';
import { createLogger } from '../../../server/src/log.js';
import { startServer, type RunningServer } from '../../../server/src/server.js';
import { freePort } from '../../../server/test/support/server-process.js';
import { launchChromium } from './browser.js';

const clientDir = fileURLToPath(new URL('../../../dist/client/', import.meta.url));
export const demoPassword = 'jointly-demo-2026';

export interface TestApp {
  url: string;
  browser: Browser;
  server: RunningServer;
  logs: string[];
  /** What the browsers reported breaking the Content-Security-Policy, page by page. */
  policyViolations: string[];
  /** Stops the server (the browser stays), as if the network went away. */
  stopServer(): Promise<void>;
  /** Starts it again on the same address and database. */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the product; `clock` sets the server's time (the demo's past is dated from it),
 * `config` changes settings (such as the Entra sign-in addresses of local tenants).
 */
export async function startApp(options: { clock?: Clock; config?: Partial<Config> } = {}): Promise<TestApp> {
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error('Build the client first: npm run build:client');
  const dir = mkdtempSync(join(tmpdir(), 'jointly-e2e-'));
  const port = await freePort();
  const config: Config = {
    ...readConfig({ HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: join(dir, 'db.sqlite') }, clientDir),
    logLevel: 'debug',
    ...options.config,
  };
  const logs: string[] = [];
  const log = createLogger({ level: 'info', sink: (line) => logs.push(line) });
  const browser = await launchChromium();
  const app: TestApp = {
    url: `http://127.0.0.1:${port}`,
    browser,
    server: await startServer(config, { log, clock: options.clock }),
    logs,
    policyViolations: [],
    stopServer: async () => app.server.stop(),
    restartServer: async () => {
      app.server = await startServer(config, { log, clock: options.clock });
    },
    close: async () => {
      await browser.close();
      await app.server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}

/**
 * A browser of its own for one person, signed in through the sign-in page; British
 * unless `place` says where the browser thinks it is.
 */
export async function signedIn(
  app: TestApp,
  email: string,
  viewport = { width: 1280, height: 900 },
  place = { locale: 'en-GB', timezoneId: 'Europe/London' },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ viewport, ...place });
  await watchPolicyViolations(app, context);
  const page = await context.newPage();
  await page.goto(`${app.url}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', demoPassword);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL('**/procurements');
  // The address changes before the new page is drawn; wait for the page itself, so that
  // nothing typed next lands in the sign-in page's header as it goes away.
  await page.waitForSelector('#page-heading:has-text("Your procurements")');
  return { context, page };
}

/**
 * Hackney's lead and Camden's editor, each signed in in their own browser context with
 * the demo procurement's workspace open and live: the two people most tests need.
 */
export async function hackneyAndCamdenInWorkspace(app: TestApp): Promise<{ hackney: Page; camden: Page }> {
  const hackney = (await signedIn(app, 'lead@hackney.demo')).page;
  const camden = (await signedIn(app, 'editor@camden.demo')).page;
  await openDemoWorkspace(hackney);
  await openDemoWorkspace(camden);
  return { hackney, camden };
}

/**
 * Records every Content-Security-Policy violation the browser reports in `context`,
 * including those a script catches (which the browser does not print).
 */
export async function watchPolicyViolations(app: TestApp, context: BrowserContext): Promise<void> {
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.warn(`Content Security Policy: ${event.violatedDirective} refused ${event.blockedURI} in ${event.sourceFile}`),
    ),
  );
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) app.policyViolations.push(`${message.page()?.url() ?? '?'}: ${message.text()}`);
  });
}

/** Opens the demo procurement's workspace and waits until its document is live. */
export async function openDemoWorkspace(page: Page, area = ''): Promise<void> {
  await page.click('text=Housing repairs case management system');
  await page.waitForSelector('[data-testid="specification-editor"]');
  if (area) await page.click(`nav[aria-label="Areas of this procurement"] >> text=${area}`);
  await page.waitForSelector(
    '[data-testid="connection-status"][data-state="saved"], [data-testid="connection-status"][data-state="read-only"]',
  );
}

const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  return require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string;
};

/**
 * `promise`, or a failure naming `what` once `ms` have passed: `page.evaluate` has no time
 * limit of its own, so a page that never answers would otherwise only show as the whole
 * test's time running out, with nothing said of where.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms from ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** axe-core's serious and critical WCAG 2.2 A/AA violations on the page as it is now. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: an injected <script> would be (rightly)
  // blocked by the app's Content-Security-Policy.
  await within(page.evaluate(axeSource()), 20_000, 'the page loading axe');
  const violations = await within(
    page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: Document,
              opts: object,
            ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
      }));
    }),
    30_000,
    'axe checking the page',
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}
