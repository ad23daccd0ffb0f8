import { runStandalone } from '@tasklane/runtime';
import { createRecurrenceSubgraph, migrateRecurrence } from './index';

/** The recurrence subgraph on its own (distributed mode). */
runStandalone({ name: 'recurrence', migrate: migrateRecurrence, create: createRecurrenceSubgraph }).catch((error: unknown) => {
  console.error('recurrence subgraph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
