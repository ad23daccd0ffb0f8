import { runStandalone } from '@tasklane/runtime';
import { createRemindersSubgraph, migrateReminders } from './index';

/** The reminders subgraph on its own (distributed mode). */
runStandalone({ name: 'reminders', migrate: migrateReminders, create: createRemindersSubgraph }).catch((error: unknown) => {
  console.error('reminders subgraph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
