import { buildSubgraphSchema } from '@apollo/subgraph';
import { isDatabaseReachable, migrate, type Knex, type SubgraphModule } from '@tasklane/platform';
import { AppIds, callerOf, type Runtime, type Subscription } from '@tasklane/runtime';
import { subgraphTypeDefs } from '@tasklane/schema';
import { migrations, TAGS_SCHEMA } from '../migrations';
import { forgetDeletedTasks } from './events/forget-deleted-tasks';
import { createTagsContext, resolvers, type TagsContext } from './resolvers';
import { TagService } from './services/tag-service';

export function migrateTags(db: Knex): Promise<void> {
  return migrate(db, TAGS_SCHEMA, migrations);
}

/** The tags subgraph: per-user tags, their assignments, and `Task.tags`. */
export function createTagsSubgraph({ db, runtime, signingKey }: { db: Knex; runtime: Runtime; signingKey: string }): SubgraphModule<TagsContext> {
  const service = new TagService(db, runtime, signingKey);
  let subscription: Subscription | undefined;
  return {
    definition: {
      name: 'tags',
      schema: buildSubgraphSchema({ typeDefs: subgraphTypeDefs('tags'), resolvers: resolvers as never }),
      createContext: (identity) => createTagsContext(identity, service),
      ready: async () => (await isDatabaseReachable(db)) && (await runtime.ready()),
    },
    async start() {
      runtime.invoker.handle(AppIds.tags, 'assign-new-task', (payload, ctx) => {
        const { taskId, names } = payload as { taskId: string; names: unknown[] };
        return service.assignNewTask(callerOf(ctx, signingKey), taskId, Array.isArray(names) ? names : []);
      });
      subscription = await forgetDeletedTasks(runtime, service);
    },
    async stop() {
      await subscription?.close();
    },
  };
}
