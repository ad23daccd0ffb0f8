import { createDatabase, type Knex } from '../db/knex';
import { createLogger } from '../logger';
import { SubgraphServer, type SubgraphContext, type SubgraphDefinition } from './subgraph-server';

export interface StandaloneSubgraph<C extends SubgraphContext> {
  name: string;
  migrate(db: Knex): Promise<void>;
  create(db: Knex): SubgraphDefinition<C>;
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
 * Runs one subgraph as its own HTTP server (distributed mode, containers): DATABASE_URL,
 * INTERNAL_SIGNING_KEY, PORT and HOST from the environment; stops cleanly on SIGINT/SIGTERM.
 */
export async function runStandalone<C extends SubgraphContext>(subgraph: StandaloneSubgraph<C>): Promise<void> {
  const logger = createLogger(subgraph.name);
  const db = createDatabase({ url: required('DATABASE_URL'), logger: logger.child({ component: 'db' }) });
  await subgraph.migrate(db);
  const server = new SubgraphServer(subgraph.create(db), required('INTERNAL_SIGNING_KEY'), logger);
  await server.start();
  const host = process.env.HOST ?? '0.0.0.0';
  const port = await server.listen(Number(process.env.PORT ?? 4001), host);
  console.log(`${subgraph.name} subgraph listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/graphql`);
  const stop = () => {
    void server
      .stop()
      .then(() => db.destroy())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
