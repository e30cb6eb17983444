/**
 * The built client: its files, and its page for every other address (the client's router
 * takes it from there).
 *
 * The build names each script and stylesheet under `assets/` after its contents, so a
 * browser may keep them for a year without asking again: a new release has new names.
 * Everything else (the page itself, the icon) is checked with the server on each use, so
 * a release reaches everyone at their next visit. A returning browser then opens a
 * workspace without downloading or compiling its code again.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';

const contentNamedCaching = 'public, max-age=31536000, immutable';
const checkEachTime = 'no-cache';

/** Whether a file path (as served) is one the build named after its contents. */
function isContentNamed(path: string): boolean {
  return /(^|\/)assets\/[^/]+-[\w-]{8}\.(js|css|woff2?|svg|png)$/.test(path);
}

function setCaching(path: string, c: Context): void {
  c.header('Cache-Control', isContentNamed(path) ? contentNamedCaching : checkEachTime);
}

export function clientFiles(root: string): Hono {
  const files = new Hono();
  files.use('/*', serveStatic({ root, onFound: setCaching }));
  // A script an older page asks for after a release is gone: saying so lets the page
  // report it, where the page in its place would fail as a script that will not run.
  files.get('/assets/*', (c) => c.text('There is no such file.', 404, { 'Cache-Control': checkEachTime }));
  // Every other address is a page of the client's router.
  files.get('*', serveStatic({ root, path: 'index.html', onFound: setCaching }));
  return files;
}
