import path from 'node:path';
import { createLogger } from '@tasklane/platform';
import { startSystem } from './system';

/** `npm start`: the whole system in one process. */
async function main(): Promise<void> {
  const logger = createLogger('tasklane');
  const system = await startSystem({
    dataDir: path.resolve(process.env.DATA_DIR ?? '.data'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    port: Number(process.env.PORT ?? 4000),
    host: process.env.HOST ?? '0.0.0.0',
    logger,
    handlesSignals: true,
    dapr: process.env.TASKLANE_RUNTIME === 'dapr',
  });
  console.log(`Tasklane is ready at ${system.url} (GraphQL explorer: ${system.url}/graphql)`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    system.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Tasklane failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
