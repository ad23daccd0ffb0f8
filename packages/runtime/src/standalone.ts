import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, createLogger, SubgraphServer, type Knex, type SubgraphContext, type SubgraphModule } from '@tasklane/platform';
import { connectDapr } from './dapr/connect';
import { DaprRuntime } from './dapr/dapr-runtime';
import { LocalRuntime } from './local/local-runtime';
import type { Runtime } from './port';
import { migrateRuntime } from './schema';

export interface StandaloneSubgraph<C extends SubgraphContext> {
  name: string;
  migrate(db: Knex): Promise<void>;
  create(deps: { db: Knex; runtime: Runtime; signingKey: string }): SubgraphModule<C>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} must be set to run a subgraph on its own`);
    process.exit(2);
  }
  return value;
}

/**
 * Runs one subgraph as its own HTTP server (distributed mode, containers), on the local runtime
 * (DATABASE_URL, INTERNAL_SIGNING_KEY from the environment) or, with TASKLANE_RUNTIME=dapr, on its
 * Dapr sidecar (DAPR_HTTP_PORT; secrets from the sidecar's store). PORT and HOST from the
 * environment; stops cleanly on SIGINT/SIGTERM.
 */
export async function runStandalone<C extends SubgraphContext>(subgraph: StandaloneSubgraph<C>): Promise<void> {
  const logger = createLogger(subgraph.name);
  let runtime: Runtime;
  let db: Knex;
  let signingKey: string;
  if (process.env.TASKLANE_RUNTIME === 'dapr') {
    // secrets come from Dapr's secret store, never from the environment or component files
    const dapr = await connectDapr(logger);
    signingKey = await dapr.secret('INTERNAL_SIGNING_KEY');
    const databaseUrl = await dapr.secret('DATABASE_URL');
    db = createDatabase({ url: databaseUrl, logger: logger.child({ component: 'db' }) });
    runtime = new DaprRuntime({ db, databaseUrl, logger: logger.child({ component: 'runtime' }), sidecar: dapr.sidecar });
  } else {
    const databaseUrl = required('DATABASE_URL');
    signingKey = required('INTERNAL_SIGNING_KEY');
    db = createDatabase({ url: databaseUrl, logger: logger.child({ component: 'db' }) });
    runtime = new LocalRuntime({
      db,
      databaseUrl,
      logger: logger.child({ component: 'runtime' }),
      dataDir: process.env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), `tasklane-${subgraph.name}-`)),
      peers: parsePeers(process.env.TASKLANE_PEERS),
    });
  }
  await migrateRuntime(db);
  await subgraph.migrate(db);
  const module = subgraph.create({ db, runtime, signingKey });
  const server = new SubgraphServer(module.definition, signingKey, logger);
  await server.start();
  await module.start?.();
  await runtime.start();
  const host = process.env.HOST ?? '0.0.0.0';
  const port = await server.listen(Number(process.env.PORT ?? 4001), host, runtime.appRoutes);
  console.log(`${subgraph.name} subgraph listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/graphql`);
  const stop = async () => {
    await server.stop();
    await module.stop?.();
    await runtime.stop();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** `tags=http://127.0.0.1:4000,reminders=http://…`: where the apps this process does not host live. */
export function parsePeers(text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (text ?? '')
      .split(',')
      .map((pair) => pair.trim().split('='))
      .filter(([app, url]) => app && url),
  );
}
