import { runStandalone } from '@tasklane/runtime';
import { createTagsSubgraph, migrateTags } from './index';

/** The tags subgraph on its own (distributed mode). */
runStandalone({ name: 'tags', migrate: migrateTags, create: createTagsSubgraph }).catch((error: unknown) => {
  console.error('tags subgraph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
