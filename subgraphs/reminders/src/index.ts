import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, DateTimeScalar, isDatabaseReachable, migrate, type Knex, type SubgraphModule } from '@tasklane/platform';
import { AppIds, callerOf, type Runtime, type Subscription } from '@tasklane/runtime';
import { subgraphTypeDefs } from '@tasklane/schema';
import { migrations, REMINDERS_SCHEMA } from '../migrations';
import { followTasks } from './events/follow-tasks';
import { EmailNotifier } from './notifiers/email-notifier';
import { createRemindersContext, resolvers, type RemindersContext } from './resolvers';
import { ReminderService, type ReminderInput, type TaskFacts } from './services/reminder-service';

export { ReminderService } from './services/reminder-service';

export function migrateReminders(db: Knex): Promise<void> {
  return migrate(db, REMINDERS_SCHEMA, migrations);
}

export interface RemindersDeps {
  db: Knex;
  runtime: Runtime;
  signingKey: string;
  /** SMTP for the EMAIL channel; defaults to the SMTP_URL environment variable */
  smtpUrl?: string;
}

/** The reminders subgraph: exact-time reminders on the runtime's jobs, and their notifiers. */
export function createRemindersSubgraph({ db, runtime, signingKey, smtpUrl = process.env.SMTP_URL }: RemindersDeps): SubgraphModule<RemindersContext> {
  const logger = createLogger('reminders');
  const service = new ReminderService(db, runtime, logger, () => Boolean(smtpUrl));
  const email = smtpUrl
    ? new EmailNotifier(db, runtime, service, signingKey, { smtpUrl, from: process.env.SMTP_FROM ?? 'Tasklane <reminders@tasklane.local>' }, logger)
    : undefined;
  const subscriptions: Subscription[] = [];
  return {
    definition: {
      name: 'reminders',
      schema: buildSubgraphSchema({ typeDefs: subgraphTypeDefs('reminders'), resolvers: { DateTime: DateTimeScalar, ...resolvers } as never }),
      createContext: (identity) => createRemindersContext(identity, service),
      ready: async () => (await isDatabaseReachable(db)) && (await runtime.ready()),
    },
    async start() {
      const { invoker, jobs } = runtime;
      invoker.handle(AppIds.reminders, 'register-task', (payload, ctx) => {
        const { task, reminders } = payload as { task: TaskFacts; reminders: ReminderInput[] | null };
        return service.registerTask(callerOf(ctx, signingKey), task, reminders);
      });
      invoker.handle(AppIds.reminders, 'due-changed', async (payload, ctx) => {
        await service.dueChanged(callerOf(ctx, signingKey), (payload as { task: TaskFacts }).task);
        return { ok: true };
      });
      invoker.handle(AppIds.reminders, 'offsets-of', (payload, ctx) => service.offsetsOf(callerOf(ctx, signingKey), (payload as { taskId: string }).taskId));
      jobs.onJob(AppIds.reminders, 'reminder:', (job) => service.fire(job.name.slice('reminder:'.length)));
      subscriptions.push(await followTasks(runtime, service));
      if (email) await email.start();
    },
    async stop() {
      await Promise.all(subscriptions.map((s) => s.close()));
      await email?.stop();
    },
  };
}
