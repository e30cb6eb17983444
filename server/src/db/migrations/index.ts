/**
 * Every migration, in order. Names sort by date; never rename or edit a landed one.
 * Each new one needs its PostgreSQL twin in ../postgres-migrations/ (same tables,
 * columns, keys and indexes); server/test/postgres-schema.test.ts fails until it has one.
 */
import type { Migration } from 'kysely';
import * as collabLog from './2026-11-25T10-collab-log.js';
import * as accountsAndAccess from './2026-11-25T11-accounts-and-access.js';
import * as workspace from './2026-11-25T12-workspace.js';
import * as history from './2026-11-25T13-history.js';
import * as historyIndexes from './2026-11-25T14-history-indexes.js';
import * as checkpointStateVectors from './2026-11-25T15-checkpoint-state-vectors.js';
import * as boroughAdministration from './2026-11-25T16-borough-administration.js';
import * as boroughLeadsSpeak from './2026-12-01T10-borough-leads-speak.js';
import * as formalActsOnRecord from './2026-12-01T11-formal-acts-on-record.js';
import * as historyChangeSummaries from './2026-12-01T13-history-change-summaries.js';
import * as boroughOfAnAccount from './2026-12-01T14-borough-of-an-account.js';
import * as commentThreads from './2026-12-01T15-comment-threads.js';
import * as forYou from './2026-12-01T16-for-you.js';
import * as searchIndex from './2026-12-01T17-search-index.js';
import * as searchWordStems from './2026-12-01T18-search-word-stems.js';
import * as leadDecides from './2026-12-01T19-lead-decides.js';
import * as suggestionDecisions from './2026-12-01T20-suggestion-decisions.js';
import * as singleSignOn from './2026-12-01T21-single-sign-on.js';
import * as recordOfFormalActs from './2026-12-01T22-record-of-formal-acts.js';

export const migrations: Record<string, Migration> = {
  '2026-11-25T10-collab-log': collabLog,
  '2026-11-25T11-accounts-and-access': accountsAndAccess,
  '2026-11-25T12-workspace': workspace,
  '2026-11-25T13-history': history,
  '2026-11-25T14-history-indexes': historyIndexes,
  '2026-11-25T15-checkpoint-state-vectors': checkpointStateVectors,
  '2026-11-25T16-borough-administration': boroughAdministration,
  '2026-12-01T10-borough-leads-speak': boroughLeadsSpeak,
  '2026-12-01T11-formal-acts-on-record': formalActsOnRecord,
  '2026-12-01T13-history-change-summaries': historyChangeSummaries,
  '2026-12-01T14-borough-of-an-account': boroughOfAnAccount,
  '2026-12-01T15-comment-threads': commentThreads,
  '2026-12-01T16-for-you': forYou,
  '2026-12-01T17-search-index': searchIndex,
  '2026-12-01T18-search-word-stems': searchWordStems,
  '2026-12-01T19-lead-decides': leadDecides,
  '2026-12-01T20-suggestion-decisions': suggestionDecisions,
  '2026-12-01T21-single-sign-on': singleSignOn,
  '2026-12-01T22-record-of-formal-acts': recordOfFormalActs,
};
