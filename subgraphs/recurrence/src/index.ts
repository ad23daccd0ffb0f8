import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, DateTimeScalar, isDatabaseReachable, migrate, type Knex, type SubgraphModule } from '@tasklane/platform';
import { AppIds, callerOf, type Runtime, type Subscription } from '@tasklane/runtime';
import { subgraphTypeDefs } from '@tasklane/schema';
import { migrations, RECURRENCE_SCHEMA } from '../migrations';
import { followTasks } from './events/follow-tasks';
import { createRecurrenceContext, resolvers, type RecurrenceContext } from './resolvers';
import { RecurrenceService, type TaskFacts } from './services/recurrence-service';
import type { RecurrenceInput } from './services/series';

export function migrateRecurrence(db: Knex): Promise<void> {
  return migrate(db, RECURRENCE_SCHEMA, migrations);
}

/** The recurrence subgraph: series of tasks, their next occurrences, and auto-creation. */
export function createRecurrenceSubgraph({ db, runtime, signingKey }: { db: Knex; runtime: Runtime; signingKey: string }): SubgraphModule<RecurrenceContext> {
  const service = new RecurrenceService(db, runtime, signingKey, createLogger('recurrence'));
  let subscription: Subscription | undefined;
  return {
    definition: {
      name: 'recurrence',
      schema: buildSubgraphSchema({ typeDefs: subgraphTypeDefs('recurrence'), resolvers: { DateTime: DateTimeScalar, ...resolvers } as never }),
      createContext: (identity) => createRecurrenceContext(identity, service),
      ready: async () => (await isDatabaseReachable(db)) && (await runtime.ready()),
    },
    async start() {
      runtime.invoker.handle(AppIds.recurrence, 'register-task', (payload, ctx) => {
        const { task, recurrence } = payload as { task: TaskFacts; recurrence: RecurrenceInput };
        return service.registerTask(callerOf(ctx, signingKey), task, reviveDates(recurrence));
      });
      runtime.jobs.onJob(AppIds.recurrence, 'recur:', (job) => service.autoCreate(job.name.slice('recur:'.length)));
      subscription = await followTasks(runtime, service);
    },
    async stop() {
      await subscription?.close();
    },
  };
}

/** `until` crossed the invocation as an ISO string. */
function reviveDates(input: RecurrenceInput): RecurrenceInput {
  return { ...input, until: input.until ? new Date(input.until) : null };
}
