/**
 * Every PostgreSQL migration, in order: the live documents' log, then every other table
 * the app has on SQLite, in the same shape (server/test/postgres-schema.test.ts compares
 * the two), then PostgreSQL's own full-text search. Names sort by date; never rename or
 * edit a landed one.
 */
import type { Migration } from 'kysely';
import * as collabLog from './2026-12-01T23-collab-log.js';
import * as appTables from './2026-12-02T10-app-tables.js';
import * as searchWords from './2026-12-02T14-search-words.js';

export const postgresMigrations: Record<string, Migration> = {
  '2026-12-01T23-collab-log': collabLog,
  '2026-12-02T10-app-tables': appTables,
  '2026-12-02T14-search-words': searchWords,
};
