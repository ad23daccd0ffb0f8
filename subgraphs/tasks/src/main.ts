import { runStandalone } from '@tasklane/runtime';
import { createTasksSubgraph, migrateTasks } from './index';

/** The tasks subgraph on its own (distributed mode). */
runStandalone({
  name: 'tasks',
  migrate: migrateTasks,
  create: createTasksSubgraph,
}).catch((error: unknown) => {
  console.error('tasks subgraph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
