/**
 * The record of formal acts over HTTP, for every member (policy `readRecord`):
 *
 *   GET /api/procurements/:id/record                ?kind&borough&person&from&to&page&pageSize
 *   GET /api/procurements/:id/record/download       the whole record as JSON, to verify
 *   GET /api/procurements/:id/record/verify.mjs     the script that verifies it, with Node alone
 *   GET /api/record-key                             the deployment's public key (anyone)
 */
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordQuery } from '../../../shared/record.js';
import type { Queries } from '../db/queries.js';
import { Invalid, NotFound } from '../errors.js';
import { exportFilename } from '../export/format.js';
import type { AppEnv } from '../http/env.js';
import { membershipOf, type ScopedEnv } from '../http/procurement-scope.js';
import { requirePermission } from '../procurements/access.js';
import { recordKeyOf } from './keyed-database.js';
import { recordFile, recordPage } from './read.js';
import { publicRecordKey } from './signing.js';

/** The verification script: scripts/ at the top of the repository, from the sources or the build. */
const scriptCandidates = ['../../../scripts/verify-record.mjs', '../../../../scripts/verify-record.mjs'].map((relative) =>
  fileURLToPath(new URL(relative, import.meta.url)),
);

function verificationScript(): string {
  const found = scriptCandidates.find((path) => existsSync(path));
  if (!found)
    throw new NotFound('The verification script is not installed on this server. It is scripts/verify-record.mjs in Jointly’s source.');
  return readFileSync(found, 'utf8');
}

export function recordRoutes(db: Queries): Hono<ScopedEnv> {
  const routes = new Hono<ScopedEnv>();

  routes.get('/', async (c) => {
    const member = membershipOf(c);
    requirePermission(member, 'readRecord');
    const parsed = recordQuery.safeParse(c.req.query());
    if (!parsed.success) throw new Invalid(parsed.error.issues[0]?.message ?? 'The filters are not valid.');
    return c.json(await recordPage(db, member.procurementId, parsed.data));
  });

  routes.get('/download', async (c) => {
    const member = membershipOf(c);
    requirePermission(member, 'readRecord');
    const file = await recordFile(db, member.procurementId);
    const filename = exportFilename(file.procurement, ['record-of-formal-acts'], 'json');
    return c.body(`${JSON.stringify(file, null, 2)}\n`, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    });
  });

  routes.get('/verify.mjs', (c) => {
    requirePermission(membershipOf(c), 'readRecord');
    return c.body(verificationScript(), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'content-disposition': 'attachment; filename="verify-record.mjs"',
    });
  });

  return routes;
}

/** The public key, for anyone comparing a downloaded record's key with the deployment's. */
export function recordKeyRoutes(db: Queries): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', (c) => {
    const recordKey = recordKeyOf(db);
    if (!recordKey) throw new NotFound('This server has no key for the record.');
    return c.json(publicRecordKey(recordKey));
  });
  return routes;
}
