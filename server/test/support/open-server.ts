/**
 * A server process whose live sync is open to anyone, for tests that kill servers of a
 * group sharing PostgreSQL and Redis. It is `main.ts` with the access hook of
 * `startTestServer({ open: true })`: accounts and sessions are still each server's own
 * SQLite, so a person signed in on one server is unknown to the others, and these tests
 * exercise the engine across servers, not access. Run it with `spawnServer({ entry })`.
 */
import { readConfig } from '../../src/config.js';
import { createLogger, errorMessage } from '../../src/log.js';
import { allowEveryone, startServer } from '../../src/server.js';

async function main(): Promise<void> {
  const config = readConfig(process.env, null);
  const log = createLogger({ level: config.logLevel });
  const server = await startServer(config, { log, authorize: allowEveryone });
  const onSignal = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(`the open test server could not start: ${errorMessage(error)}\n`);
  process.exit(1);
});
