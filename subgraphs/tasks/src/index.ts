import { buildSubgraphSchema } from '@apollo/subgraph';
import { DateTimeScalar, isDatabaseReachable, migrate, type Knex, type SubgraphModule } from '@tasklane/platform';
import { AppIds, callerOf, type Runtime } from '@tasklane/runtime';
import { subgraphTypeDefs } from '@tasklane/schema';
import { migrations, TASKS_SCHEMA } from '../migrations';
import { createTasksContext, type TasksContext } from './context';
import { mutationResolvers } from './resolvers/mutation';
import { queryResolvers } from './resolvers/query';
import { taskResolvers } from './resolvers/task';
import { TagProjection, type ApplyTags } from './services/tag-projection';
import { TaskService, type OccurrenceInput } from './services/task-service';

export { TaskService } from './services/task-service';
export { TaskModel } from './models/task';
export type { TasksContext } from './context';

export interface TasksSubgraphDeps {
  db: Knex;
  runtime: Runtime;
  /** verifies identities forwarded on service invocations */
  signingKey: string;
}

export function migrateTasks(db: Knex): Promise<void> {
  return migrate(db, TASKS_SCHEMA, migrations);
}

/** The tasks subgraph: schema, resolvers, and the methods other services invoke. */
export function createTasksSubgraph({ db, runtime, signingKey }: TasksSubgraphDeps): SubgraphModule<TasksContext> {
  const tasks = new TaskService(db, runtime, signingKey);
  const tagProjection = new TagProjection(db);
  const schema = buildSubgraphSchema({
    typeDefs: subgraphTypeDefs('tasks'),
    resolvers: {
      DateTime: DateTimeScalar,
      Query: queryResolvers,
      Mutation: mutationResolvers,
      Task: taskResolvers,
    } as never,
  });
  return {
    definition: {
      name: 'tasks',
      schema,
      createContext: (identity) => createTasksContext(identity, tasks),
      ready: async () => (await isDatabaseReachable(db)) && (await runtime.ready()),
    },
    async start() {
      const { invoker } = runtime;
      invoker.handle(AppIds.tasks, 'apply-tags', (payload, ctx) => tagProjection.apply(callerOf(ctx, signingKey), payload as ApplyTags));
      invoker.handle(AppIds.tasks, 'task-facts', (payload, ctx) => tasks.facts(callerOf(ctx, signingKey), (payload as { taskId: string }).taskId));
      invoker.handle(AppIds.tasks, 'set-recurring', (payload, ctx) =>
        tasks.setRecurring(callerOf(ctx, signingKey), payload as Parameters<TaskService['setRecurring']>[1]),
      );
      invoker.handle(AppIds.tasks, 'set-due', async (payload, ctx) => {
        const { taskId, dueAt } = payload as { taskId: string; dueAt: string };
        await tasks.update(callerOf(ctx, signingKey), taskId, { dueAt: new Date(dueAt) });
        return { ok: true };
      });
      invoker.handle(AppIds.tasks, 'create-occurrence', (payload, ctx) => tasks.createOccurrence(callerOf(ctx, signingKey), payload as OccurrenceInput));
      invoker.handle(AppIds.tasks, 'replace-tag', (payload, ctx) =>
        tagProjection.replaceKey(callerOf(ctx, signingKey), payload as Parameters<TagProjection['replaceKey']>[1]),
      );
    },
  };
}
