import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, DateTimeScalar, isDatabaseReachable, JSONScalar, migrate, type Knex, type SubgraphModule } from '@tasklane/platform';
import type { Runtime, Subscription } from '@tasklane/runtime';
import { subgraphTypeDefs } from '@tasklane/schema';
import { AUDIT_SCHEMA, migrations } from '../migrations';
import { recordTaskEvents } from './events/record-task-events';
import { createAuditContext, resolvers, type AuditContext } from './resolvers';
import { AuditLog } from './services/audit-log';

export { AuditLog } from './services/audit-log';

export function migrateAudit(db: Knex): Promise<void> {
  return migrate(db, AUDIT_SCHEMA, migrations);
}

/** The audit subgraph: an append-only log fed by task events. */
export function createAuditSubgraph({ db, runtime }: { db: Knex; runtime: Runtime }): SubgraphModule<AuditContext> {
  const log = new AuditLog(db);
  const logger = createLogger('audit');
  let subscription: Subscription | undefined;
  return {
    definition: {
      name: 'audit',
      schema: buildSubgraphSchema({
        typeDefs: subgraphTypeDefs('audit'),
        resolvers: { DateTime: DateTimeScalar, JSON: JSONScalar, ...resolvers } as never,
      }),
      createContext: (identity) => createAuditContext(identity, log),
      ready: async () => (await isDatabaseReachable(db)) && (await runtime.ready()),
    },
    async start() {
      subscription = await recordTaskEvents(runtime, log, logger);
    },
    async stop() {
      await subscription?.close();
    },
  };
}
