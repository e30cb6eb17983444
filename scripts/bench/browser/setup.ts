/**
 * What the browser benchmark runs against: the client built as `npm run build` builds
 * it, the bare page built beside it, and the real server on loopback with a temporary
 * database, one procurement holding the large specification, and everyone signed in.
 *
 * Both pages are served by the same server from the same folder (the bare page under
 * /bench-bare/), so they share its origin, its headers and its live sync.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type * as Y from 'yjs';
import { requirementElements } from '../../../shared/doc-layout.js';
import { hashPassword } from '../../../server/src/auth/passwords.js';
import { createUser, type User } from '../../../server/src/auth/users.js';
import { insertFirstUpdate } from '../../../server/src/collab/sqlite-store.js';
import { readConfig } from '../../../server/src/config.js';
import type { Database } from '../../../server/src/db/queries.js';
import { createLogger } from '../../../server/src/log.js';
import { createProcurement } from '../../../server/src/procurements/procurements.js';
import type { Db } from '../../../server/src/db/database.js';
import { sqliteOf, startServer, type RunningServer } from '../../../server/src/server.js';
import { freePort } from '../../../server/test/support/server-process.js';
import { buildInitialDocument } from '../../../server/src/workspace/initial-document.js';
import { buildSpecification } from '../large-specification.js';

/** Text the benchmark finds in the page: where typing starts, and the document's end. */
export const markers = {
  typing: 'Typing starts here',
  last: 'The last requirement',
} as const;

export interface Person {
  user: User;
  /** The session cookie, `name=value`. */
  cookie: string;
}

export interface BenchSetup {
  server: RunningServer;
  procurementId: string;
  /** The person whose browser is measured. */
  me: Person;
  /** Everyone else taking part, for the crowd. */
  others: Person[];
  workspaceUrl: string;
  bareUrl: string;
  /** An editable box with no script: how fast the browser's frames alone are. */
  floorUrl: string;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const password = 'benchmark password long enough';

/**
 * Builds both pages into a temporary folder (the shared dist/ is left alone); unminified,
 * a profile names our functions.
 */
async function buildPages(outDir: string, minify: boolean): Promise<void> {
  await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, minify } });
  await build({
    configFile: false,
    root: fileURLToPath(new URL('./bare/', import.meta.url)),
    base: '/bench-bare/',
    logLevel: 'warn',
    build: { outDir: join(outDir, 'bench-bare'), emptyOutDir: true, minify },
  });
  writeFileSync(join(outDir, 'bench-bare', 'floor.html'), floorPage());
}

/**
 * The floor under every page: an editable box with no script and no styles, whose
 * keystrokes reach the screen as fast as the browser's own frames allow on this machine.
 */
function floorPage(): string {
  const paragraphs = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i + 1} of an editable box with no script.</p>`);
  paragraphs.splice(20, 0, `<p>${markers.typing}. The same words the other pages type into.</p>`);
  return `<!doctype html>
<html lang="en-GB">
  <head><meta charset="utf-8" /><title>Frame floor</title></head>
  <body><div contenteditable="true" data-testid="specification-editor">${paragraphs.join('')}</div></body>
</html>
`;
}

/** The large specification, with the benchmark's markers in the middle and last requirements. */
function benchmarkDocument(): Uint8Array {
  return buildInitialDocument((fragment) => {
    buildSpecification(fragment);
    const requirements = requirementElements(fragment);
    const textOf = (index: number) => (requirements[index]!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    textOf(Math.floor(requirements.length / 2)).insert(0, `${markers.typing}. `);
    textOf(requirements.length - 1).insert(0, `${markers.last}. `);
  });
}

/**
 * Adds a procurement holding the benchmark's document, with `owner`'s borough as its lead
 * and `owner` as its owner; returns its id.
 */
export function addBenchProcurement(db: Database, owner: User, title: string): Promise<string> {
  return createProcurement(db, owner, { title, reference: 'BENCH', summary: '', phase: 'specification' }, benchmarkDocument, (tx, d, u) =>
    insertFirstUpdate(tx, d, u),
  );
}

/** Makes each of `users` an editor of the procurement, their borough a partner in it. */
export function addEditors(db: Db, procurementId: string, users: readonly User[]): void {
  db.transaction(() => {
    for (const boroughId of new Set(users.map((u) => u.boroughId))) {
      db.prepare("INSERT OR IGNORE INTO procurement_boroughs (procurement_id, borough_id, role, added_at) VALUES (?, ?, 'partner', 0)").run(
        procurementId,
        boroughId,
      );
    }
    for (const u of users) {
      db.prepare("INSERT INTO procurement_members (procurement_id, user_id, borough_id, role, added_at) VALUES (?, ?, ?, 'editor', 0)").run(
        procurementId,
        u.id,
        u.boroughId,
      );
    }
  });
}

/** Creates these accounts, all with the benchmark's password. */
export async function addPeople(db: Database, people: readonly Pick<User, 'email' | 'name' | 'boroughId'>[]): Promise<User[]> {
  const passwordHash = await hashPassword(password);
  const users: User[] = [];
  for (const person of people) users.push(await createUser(db, { ...person, passwordHash }));
  return users;
}

/** Starts the server with `othersCount` people besides the one measured, all signed in. */
export async function startBench(othersCount: number, { minify = true } = {}): Promise<BenchSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'jointly-browser-bench-'));
  const clientDir = join(dir, 'client');
  await buildPages(clientDir, minify);
  const port = await freePort();
  const config = readConfig({ HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: join(dir, 'db.sqlite'), JOINTLY_DEMO: '0' }, clientDir);
  const server = await startServer(config, { log: createLogger({ level: 'warn' }) });
  try {
    const db = sqliteOf(server);
    const users = await addPeople(
      server.services.db,
      Array.from({ length: othersCount + 1 }, (_, i) => ({
        email: `person${i}@bench.test`,
        name: `Person ${i}`,
        boroughId: i === 0 ? 'hackney' : 'camden',
      })),
    );
    const procurementId = await addBenchProcurement(server.services.db, users[0]!, 'Browser benchmark');
    addEditors(db, procurementId, users.slice(1));
    const people: Person[] = [];
    for (const user of users) people.push({ user, cookie: await signIn(server.url, user.email) });
    return {
      server,
      procurementId,
      me: people[0]!,
      others: people.slice(1),
      workspaceUrl: workspaceUrl(server.url, procurementId),
      bareUrl: `${server.url}/bench-bare/index.html?room=${procurementId}`,
      floorUrl: `${server.url}/bench-bare/floor.html`,
      close: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The address of a procurement's workspace (its specification). */
export const workspaceUrl = (origin: string, procurementId: string) => `${origin}/procurements/${procurementId}`;

/** Signs in over HTTP, as a browser would, and returns the session cookie. */
export async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { origin: url, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`signing in ${email}: ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}
