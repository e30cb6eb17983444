/**
 * `npm run admin -- migrate-to-postgres`: copies this server's SQLite database into an
 * empty PostgreSQL database and says what came across and what to do next.
 */
import { existsSync } from 'node:fs';
import { copyToPostgres } from '../server/src/db/copy-to-postgres.js';
import type { Db } from '../server/src/db/database.js';
import { keyFilePath } from '../server/src/record/signing.js';

export async function moveToPostgres(source: Db, url: string, signingKeyConfigured: boolean, databasePath: string): Promise<void> {
  const report = await copyToPostgres(source, url);
  const width = Math.max(...report.tables.map((table) => table.name.length));
  console.log('Copied to PostgreSQL, and checked row by row:');
  for (const { name, rows } of report.tables) console.log(`  ${name.padEnd(width)}  ${rows.toLocaleString('en-GB')}`);
  console.log(`The log of ${report.documents} document(s), ${report.updates.toLocaleString('en-GB')} update(s), is the same on both.`);
  console.log('');
  console.log('Next: stop this server for good before starting servers with DATABASE_URL (edits made here from now on are not copied).');
  const keyFile = keyFilePath(databasePath);
  if (!signingKeyConfigured && existsSync(keyFile)) {
    console.log(
      `The record of formal acts is signed with the key in ${keyFile}. Give every server the same key, so the record stays` +
        ` one chain: RECORD_SIGNING_KEY=$(openssl pkey -in ${keyFile} -outform DER | base64 -w0)`,
    );
  }
}
