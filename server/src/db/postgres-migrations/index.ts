/**
 * Every PostgreSQL migration, in order. So far PostgreSQL holds the live documents' log
 * only; the rest of the app's tables are SQLite's. Names sort by date; never rename or
 * edit a landed one.
 */
import type { Migration } from 'kysely';
import * as collabLog from './2026-12-01T23-collab-log.js';

export const postgresMigrations: Record<string, Migration> = {
  '2026-12-01T23-collab-log': collabLog,
};
