import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, SubgraphServer, type Identity, type Knex, type SubgraphContext, type SubgraphModule } from '@tasklane/platform';
import { SUBGRAPHS } from '@tasklane/gateway';
import { LocalRuntime, migrateRuntime, type Runtime } from '@tasklane/runtime';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_SIGNING_KEY = 'test-signing-key';

export interface SubgraphFixture<C extends SubgraphContext> {
  database: TestDatabase;
  runtime: LocalRuntime;
  module: SubgraphModule<C>;
  server: SubgraphServer<C>;
  /** executeOperation as `identity`; the single result */
  run(identity: Identity, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }>;
  stop(): Promise<void>;
}

/** One subgraph on a fresh database with a started local runtime, for subgraph tests. */
type Factory<C extends SubgraphContext> = (deps: { db: Knex; runtime: Runtime; signingKey: string }) => SubgraphModule<C>;

export interface Companion {
  migrate(db: Knex): Promise<void>;
  create: Factory<any>;
}

/** Every other subgraph the system hosts: the real services a subgraph under test invokes. */
export function companionsOf(name: string): Companion[] {
  return Object.entries(SUBGRAPHS)
    .filter(([other]) => other !== name)
    .map(([, s]) => s);
}

/**
 * One subgraph on a fresh database with a started local runtime, for subgraph tests. `companions`
 * are the real subgraphs it invokes (hosted beside it, not served over GraphQL).
 */
export async function startSubgraph<C extends SubgraphContext>(
  migrate: (db: Knex) => Promise<void>,
  create: Factory<C>,
  options: { database?: TestDatabase; companions?: Companion[] } = {},
): Promise<SubgraphFixture<C>> {
  const database = options.database ?? (await createTestDatabase());
  await migrateRuntime(database.db);
  await migrate(database.db);
  for (const c of options.companions ?? []) await c.migrate(database.db);
  const runtime = new LocalRuntime({
    db: database.db,
    databaseUrl: database.url,
    logger: createLogger('test'),
    dataDir: mkdtempSync(path.join(tmpdir(), 'tasklane-sg-')),
  });
  const module = create({ db: database.db, runtime, signingKey: TEST_SIGNING_KEY });
  const companions = (options.companions ?? []).map((c) => c.create({ db: database.db, runtime, signingKey: TEST_SIGNING_KEY }));
  const server = new SubgraphServer(module.definition, TEST_SIGNING_KEY, createLogger('test'));
  await server.start();
  await module.start?.();
  for (const c of companions) await c.start?.();
  await runtime.start();
  return {
    database,
    runtime,
    module,
    server,
    async run(identity, query, variables) {
      const response = await server.apollo.executeOperation({ query, variables }, { contextValue: module.definition.createContext(identity) });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as { data?: any; errors?: any[] };
    },
    async stop() {
      await server.stop();
      await module.stop?.();
      for (const c of companions) await c.stop?.();
      await runtime.stop();
      await database.drop();
    },
  };
}

/** A user identity for subgraph tests; `assistant` makes the chatbot the actor. */
export function testIdentity(userId: string, assistant = false): Identity {
  return { userId, actor: assistant ? `assistant:${userId}` : userId };
}
