/**
 * The servers we compare with live in peers/, installed on first use with their own
 * package.json, so the project's dependencies never carry them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { peersDir } from './paths.js';

const required = [
  '@hocuspocus/server',
  '@hocuspocus/extension-sqlite',
  '@hocuspocus/extension-database',
  '@hocuspocus/extension-redis',
  '@hocuspocus/provider',
  'pg',
  'y-websocket',
  'yjs',
  'ws',
];

export function ensurePeers(): void {
  const modules = join(peersDir, 'node_modules');
  const missing = required.filter((name) => !existsSync(join(modules, name, 'package.json')));
  if (missing.length > 0) {
    process.stdout.write(`Installing the peer servers in ${peersDir} (missing: ${missing.join(', ')})…\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: peersDir, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm install in ${peersDir} failed (${result.status ?? result.signal})`);
  }
  // Same Yjs major as ours, or the comparison would not be like for like.
  const yjs = JSON.parse(readFileSync(join(modules, 'yjs', 'package.json'), 'utf8')) as { version: string };
  if (!yjs.version.startsWith('13.')) throw new Error(`the peers have yjs ${yjs.version}; the bench needs yjs 13`);
}

export function peerVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of ['@hocuspocus/server', '@hocuspocus/extension-sqlite', '@hocuspocus/extension-redis', 'y-websocket', 'yjs']) {
    const manifest = JSON.parse(readFileSync(join(peersDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    versions[name] = manifest.version;
  }
  return versions;
}
