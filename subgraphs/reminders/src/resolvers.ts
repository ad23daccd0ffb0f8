import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@tasklane/platform';
import type { Reminder, ReminderInput, ReminderService } from './services/reminder-service';

export interface RemindersContext extends SubgraphContext {
  service: ReminderService;
  ofTask: DataLoader<string, Reminder[]>;
}

export function createRemindersContext(identity: Identity, service: ReminderService): RemindersContext {
  return {
    identity,
    service,
    ofTask: new DataLoader(async (ids) => {
      const found = await service.forTasks(identity.userId, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}

type Ctx = RemindersContext;

export const resolvers = {
  Mutation: {
    addReminder: (_: unknown, a: { taskId: string; input: ReminderInput }, ctx: Ctx) => ctx.service.add(ctx.identity, a.taskId, a.input),
    removeReminder: (_: unknown, a: { id: string }, ctx: Ctx) => ctx.service.remove(ctx.identity, a.id),
    snoozeReminder: (_: unknown, a: { id: string; until: Date }, ctx: Ctx) => ctx.service.snooze(ctx.identity, a.id, a.until),
  },
  Task: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    reminders: (task: { id: string }, _: unknown, ctx: Ctx) => ctx.ofTask.load(task.id),
  },
};
