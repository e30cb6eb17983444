/**
 * Account administration for a real deployment, run on the server:
 *
 *   npm run admin -- create-user --email E --name "N" --borough camden [--borough-admin]
 *   npm run admin -- reset-password --email E
 *   npm run admin -- list-users [--borough camden]
 *   npm run admin -- list-boroughs
 *   npm run admin -- set-email-domains --borough camden camden.gov.uk [more…]
 *   npm run admin -- remove-access --email E
 *   npm run admin -- remove-demo
 *   npm run admin -- connect-sso --borough camden --tenant T --client-id C [--domains a,b] [--allow-new-accounts] [--require-sso]
 *   npm run admin -- disconnect-sso --borough camden
 *   npm run admin -- migrate-to-postgres [--to postgres://…]   (default: DATABASE_URL)
 *
 * It works on the app's database: the SQLite file, or PostgreSQL when DATABASE_URL is set
 * (migrate-to-postgres always reads the SQLite file). On SQLite, what it changes takes
 * effect on a running server within a second: the server watches the file for writes by
 * another process and checks its open connections again. With several servers, sessions
 * it ends are told to every server on Redis (REDIS_URL) at once; without Redis, or while
 * it is away, each server notices them at its periodic check of sessions (5 s).
 * Passwords are read from standard input (typed at a prompt, or piped), never from the
 * command line, where they would end up in shell history.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { setEmailDomainsRequest } from '../shared/account-boroughs.js';
import { passwordRules } from '../shared/api.js';
import { allBoroughDomains, setEmailDomains } from '../server/src/account-boroughs/email-domains.js';
import { hashPassword } from '../server/src/auth/passwords.js';
import { Sessions } from '../server/src/auth/sessions.js';
import { createUser, findUserByEmail, setPasswordHash } from '../server/src/auth/users.js';
import { listBoroughs, seedBoroughs } from '../server/src/boroughs.js';
import { setAccess } from '../server/src/borough-admin/colleagues.js';
import { readConfig, type Config } from '../server/src/config.js';
import { publishEventOnce } from '../server/src/collab/redis-bus.js';
import { sessionsEndedEvent } from '../server/src/live-relay.js';
import { removeDemoAccounts } from '../server/src/demo.js';
import { boroughSsoView, connectionOf, removeConnection, setConnection } from '../server/src/sso/connections.js';
import { callbackPath } from '../server/src/sso/routes.js';
import { openAppDatabase } from '../server/src/app-database.js';
import { systemClock } from '../server/src/clock.js';
import { Db } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { SqliteDatabase } from '../server/src/db/sqlite-database.js';
import { createLogger } from '../server/src/log.js';
import { withRecordKey } from '../server/src/record/keyed-database.js';
import { moveToPostgres } from './move-to-postgres.js';
import { loadSigningKey } from '../server/src/record/signing.js';

const usage = `Usage:
  npm run admin -- create-user --email EMAIL --name "FULL NAME" --borough BOROUGH_ID [--borough-admin]
  npm run admin -- reset-password --email EMAIL
  npm run admin -- list-users [--borough BOROUGH_ID]
  npm run admin -- list-boroughs
  npm run admin -- set-email-domains --borough BOROUGH_ID DOMAIN [DOMAIN…]   (none: clears them)
  npm run admin -- remove-access --email EMAIL
  npm run admin -- remove-demo
  npm run admin -- connect-sso --borough BOROUGH_ID --tenant TENANT_ID --client-id CLIENT_ID
                   [--authority URL] [--domains DOMAIN,DOMAIN] [--allow-new-accounts] [--require-sso]
                   (the client secret is read at a prompt; without --domains, the borough's email domains)
  npm run admin -- disconnect-sso --borough BOROUGH_ID
  npm run admin -- migrate-to-postgres [--to POSTGRES_URL]
                   (copies this SQLite database into an empty PostgreSQL one; default: DATABASE_URL)`;

async function readPassword(prompt: string): Promise<string> {
  const interactive = process.stdin.isTTY;
  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  const output = rl as unknown as { _writeToOutput?: (s: string) => void; output: NodeJS.WritableStream };
  if (interactive) {
    // Show the prompt, but not what is typed.
    output._writeToOutput = (s: string) => {
      if (s.includes(prompt)) output.output.write(prompt);
    };
  }
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  if (interactive) process.stdout.write('\n');
  return answer;
}

/**
 * With several servers, tells every server on Redis at once to close the live connections
 * of `sessionIds`; says what was done, for the line the operator reads.
 */
async function tellServersSessionsEnded(config: Config, sessionIds: readonly string[]): Promise<string> {
  const redisUrl = config.sharedDocuments?.redisUrl;
  if (!redisUrl || sessionIds.length === 0) return '';
  if (await publishEventOnce(redisUrl, sessionsEndedEvent('admin-tool', sessionIds)))
    return ' Every server was told to close their live connections.';
  return ' Redis could not be reached: each server closes their live connections at its next check of sessions (within 5 s).';
}

async function newPassword(): Promise<string> {
  const password = await readPassword('New password: ');
  if (password.length < passwordRules.min || password.length > passwordRules.max) {
    throw new Error(`The password must be ${passwordRules.min} to ${passwordRules.max} characters.`);
  }
  if (process.stdin.isTTY && (await readPassword('Type it again: ')) !== password) {
    throw new Error('The two passwords were not the same.');
  }
  return password;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      borough: { type: 'string' },
      'borough-admin': { type: 'boolean', default: false },
      tenant: { type: 'string' },
      'client-id': { type: 'string' },
      authority: { type: 'string' },
      domains: { type: 'string' },
      'allow-new-accounts': { type: 'boolean', default: false },
      'require-sso': { type: 'boolean', default: false },
      to: { type: 'string' },
    },
  });
  const config = readConfig(process.env, null);
  if (command === 'migrate-to-postgres') {
    const url = values.to ?? config.sharedDocuments?.databaseUrl;
    if (!url) throw new Error(`Say where to: --to postgres://… or DATABASE_URL.\n${usage}`);
    const sqlite = new Db({ path: config.databasePath, busyTimeoutMs: 2000 });
    try {
      // Copied as the server would find it: the newest schema, with the boroughs.
      await migrateToLatest(sqlite);
      await seedBoroughs(new SqliteDatabase(sqlite));
      await moveToPostgres(sqlite, url, config.recordSigningKey !== null, config.databasePath);
    } finally {
      await sqlite.close();
    }
    return;
  }
  // A running server may hold SQLite's write lock for a moment: wait longer than it does.
  const appDatabase = await openAppDatabase({ ...config, busyTimeoutMs: 2000 }, systemClock, createLogger({ level: config.logLevel }));
  try {
    // Single sign-on changes go on the record of the borough's procurements, signed like the server's.
    const db = withRecordKey(appDatabase.database, loadSigningKey(config.recordSigningKey, config.databasePath));
    await seedBoroughs(db);
    switch (command) {
      case 'create-user': {
        if (!values.email || !values.name || !values.borough) throw new Error(usage);
        const passwordHash = await hashPassword(await newPassword());
        const user = await createUser(db, {
          email: values.email,
          name: values.name,
          boroughId: values.borough,
          passwordHash,
          isBoroughAdmin: values['borough-admin'],
        });
        console.log(`Created ${user.name} <${user.email}> of ${user.boroughId}${user.isBoroughAdmin ? ' (borough admin)' : ''}.`);
        break;
      }
      case 'reset-password': {
        if (!values.email) throw new Error(usage);
        const user = await findUserByEmail(db, values.email);
        if (!user) throw new Error(`There is no account for ${values.email}.`);
        if ((await connectionOf(db, user.boroughId))?.requiresSso) {
          throw new Error(`${user.boroughId} requires single sign-on: ${user.email} signs in with their council account.`);
        }
        await setPasswordHash(db, user.id, await hashPassword(await newPassword()));
        const ended = await new Sessions(db, config.sessions).endAllForUser(user.id);
        console.log(
          `Password changed for ${user.email}; ${ended.length} session(s) ended.${await tellServersSessionsEnded(config, ended)}`,
        );
        break;
      }
      case 'list-users': {
        let query = db.kysely
          .selectFrom('users')
          .select(['email', 'display_name', 'borough_id', 'is_borough_admin'])
          .orderBy('borough_id')
          .orderBy('email');
        if (values.borough) query = query.where('borough_id', '=', values.borough);
        for (const u of await db.all(query))
          console.log(`${u.borough_id}\t${u.email}\t${u.display_name}${u.is_borough_admin ? '\t(borough admin)' : ''}`);
        break;
      }
      case 'remove-access': {
        if (!values.email) throw new Error(usage);
        const user = await findUserByEmail(db, values.email);
        if (!user) throw new Error(`There is no account for ${values.email}.`);
        await setAccess(db, user.id, false, null);
        const ended = await new Sessions(db, config.sessions).endAllForUser(user.id);
        console.log(
          `Access removed for ${user.email}; ${ended.length} session(s) ended.${await tellServersSessionsEnded(config, ended)} What they wrote stays, attributed to them.`,
        );
        break;
      }
      case 'remove-demo': {
        const removed = await removeDemoAccounts(db);
        console.log(removed.length === 0 ? 'There are no demo accounts to remove.' : `Removed the demo accounts: ${removed.join(', ')}.`);
        break;
      }
      case 'list-boroughs': {
        const domains = new Map((await allBoroughDomains(db)).map((b) => [b.id, b.emailDomains]));
        for (const b of await listBoroughs(db)) console.log(`${b.id}\t${b.officialName}\t${domains.get(b.id)?.join(' ') ?? ''}`);
        break;
      }
      case 'set-email-domains': {
        if (!values.borough) throw new Error(usage);
        const parsed = setEmailDomainsRequest.safeParse({ domains: positionals });
        if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('\n'));
        const set = await setEmailDomains(db, values.borough, parsed.data.domains, null);
        console.log(
          set.length === 0 ? `${values.borough} lists no email domains.` : `${values.borough}'s email domains: ${set.join(', ')}.`,
        );
        break;
      }
      case 'connect-sso': {
        if (!values.borough || !values.tenant || !values['client-id']) throw new Error(usage);
        const existing = await connectionOf(db, values.borough);
        const secret = (await readPassword(existing ? 'Client secret (empty keeps the stored one): ' : 'Client secret: ')).trim();
        const domains =
          values.domains
            ?.split(',')
            .map((d) => d.trim())
            .filter(Boolean) ?? [];
        await setConnection(
          db,
          config.sso,
          values.borough,
          {
            authority: values.authority,
            tenantId: values.tenant,
            clientId: values['client-id'],
            clientSecret: secret || undefined,
            usesBoroughDomains: domains.length === 0,
            domains,
            allowsNewAccounts: values['allow-new-accounts'],
            requiresSso: values['require-sso'],
          },
          null,
        );
        const view = (await boroughSsoView(db, config.sso, config.publicOrigin + callbackPath, values.borough)).connection!;
        console.log(
          `${values.borough} signs in with tenant ${view.tenantId} for ${view.domains.join(', ')}` +
            `${view.allowsNewAccounts ? '; new accounts on first sign-in' : ''}${view.requiresSso ? '; passwords no longer accepted' : ''}.`,
        );
        console.log(`Redirect URI to register in Entra: ${config.publicOrigin}${callbackPath}`);
        break;
      }
      case 'disconnect-sso': {
        if (!values.borough) throw new Error(usage);
        await removeConnection(db, values.borough, null);
        console.log(`${values.borough} no longer signs in with council accounts; its people need a password (reset-password).`);
        break;
      }
      default:
        throw new Error(usage);
    }
  } finally {
    await appDatabase.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
