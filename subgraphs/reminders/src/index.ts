import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, DateTimeScalar, isDatabaseReachable, migrate, type Knex, type SubgraphModule } from '@tasklane/platform';
import { AppIds, callerOf, CronBindings, type Runtime, type Subscription } from '@tasklane/runtime';
import { subgraphTypeDefs } from '@tasklane/schema';
import { migrations, REMINDERS_SCHEMA } from '../migrations';
import { followTasks } from './events/follow-tasks';
import { EmailNotifier } from './notifiers/email-notifier';
import { OverdueDigest } from './notifiers/overdue-digest';
import { DEFAULT_FROM } from './notifiers/user-contact';
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
  /** force e-mail on or off (tests); by default on when the secret store has SMTP_URL */
  email?: boolean;
}

/** The reminders subgraph: exact-time reminders on the runtime's jobs, and their notifiers. */
export function createRemindersSubgraph({ db, runtime, signingKey, email }: RemindersDeps): SubgraphModule<RemindersContext> {
  const logger = createLogger('reminders');
  let emailConfigured = false;
  const service = new ReminderService(db, runtime, logger, () => emailConfigured);
  const from = process.env.SMTP_FROM ?? DEFAULT_FROM;
  const notifier = new EmailNotifier(db, runtime, service, signingKey, from, logger);
  const digest = new OverdueDigest(db, runtime, signingKey, from, logger);
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
      emailConfigured = email ?? Boolean(await runtime.secrets.get('SMTP_URL'));
      if (emailConfigured) {
        await notifier.start();
        runtime.cron.onTick(CronBindings.overdueDigest.name, async () => void (await digest.run()));
      }
    },
    async stop() {
      await Promise.all(subscriptions.map((s) => s.close()));
      await notifier.stop();
    },
  };
}
