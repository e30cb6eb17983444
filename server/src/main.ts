/**
 * `npm start`: configuration → server → stop cleanly on SIGTERM / SIGINT.
 */
import { fileURLToPath } from 'node:url';
import { readConfig } from './config.js';
import { createLogger, errorMessage } from './log.js';
import { startServer } from './server.js';

// The built client sits beside the built server: dist/client next to dist/server.
const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));

async function main(): Promise<void> {
  const config = readConfig(process.env, clientDir);
  const log = createLogger({ level: config.logLevel });
  const server = await startServer(config, { log });
  let signalled = false;
  const onSignal = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log.info('stopping', { signal });
    server.stop().then(
      () => process.exit(0),
      (error) => {
        log.error('stop-failed', { error: errorMessage(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Jointly could not start: ${errorMessage(error)}\n`);
  process.exit(1);
});
