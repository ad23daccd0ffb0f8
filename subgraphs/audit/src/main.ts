import { runStandalone } from '@tasklane/runtime';
import { createAuditSubgraph, migrateAudit } from './index';

/** The audit subgraph on its own (distributed mode). */
runStandalone({ name: 'audit', migrate: migrateAudit, create: createAuditSubgraph }).catch((error: unknown) => {
  console.error('audit subgraph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
