import { runStandalone } from '@tasklane/platform';
import { migrateRuntime } from '@tasklane/runtime';
import { createTasksSubgraph, migrateTasks } from './index';

/** The tasks subgraph on its own (distributed mode). */
runStandalone({
  name: 'tasks',
  migrate: async (db) => {
    await migrateRuntime(db);
    await migrateTasks(db);
  },
  create: (db) => createTasksSubgraph({ db }),
}).catch((error: unknown) => {
  console.error('tasks subgraph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
