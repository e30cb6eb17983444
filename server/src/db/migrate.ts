/** Brings a database up to the newest schema; run at every start before anything else. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';
import { postgresMigrations } from './postgres-migrations/index.js';

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly all: Record<string, Migration>) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return this.all;
  }
}

export async function migrateToLatest(db: Db): Promise<void> {
  await migrate(db.kysely, migrations, 'database');
}

/**
 * Brings a PostgreSQL database up to the newest schema. Safe when several servers start
 * at once: Kysely's PostgreSQL adapter holds an advisory lock while it migrates.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
export async function migratePostgresToLatest(db: Kysely<any>): Promise<void> {
  await migrate(db, postgresMigrations, 'PostgreSQL');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database untyped
async function migrate(db: Kysely<any>, all: Record<string, Migration>, what: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(all) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`${what} migration failed${name}: ${String(error)}`, { cause: error });
  }
}
