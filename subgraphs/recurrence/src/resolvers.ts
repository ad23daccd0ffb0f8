import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@tasklane/platform';
import type { RecurrenceService, RecurrenceView } from './services/recurrence-service';
import { preview, rruleOf, type RecurrenceInput } from './services/series';

export interface RecurrenceContext extends SubgraphContext {
  service: RecurrenceService;
  views: DataLoader<string, RecurrenceView | null>;
}

export function createRecurrenceContext(identity: Identity, service: RecurrenceService): RecurrenceContext {
  return {
    identity,
    service,
    views: new DataLoader(async (ids) => {
      const found = await service.views(identity.userId, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}

type Ctx = RecurrenceContext;

export const resolvers = {
  Query: {
    previewRecurrence: (_: unknown, a: { input: RecurrenceInput; dueAt?: Date | null; limit?: number }) =>
      preview(a.input, a.dueAt ?? null, a.limit ?? 5),
  },
  Mutation: {
    setRecurrence: (_: unknown, a: { taskId: string; input: RecurrenceInput }, ctx: Ctx) => ctx.service.set(ctx.identity, a.taskId, a.input),
    clearRecurrence: (_: unknown, a: { taskId: string }, ctx: Ctx) => ctx.service.clear(ctx.identity, a.taskId),
    skipOccurrence: (_: unknown, a: { taskId: string }, ctx: Ctx) => ctx.service.skip(ctx.identity, a.taskId),
  },
  Task: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    recurrence: (task: { id: string }, _: unknown, ctx: Ctx) => ctx.views.load(task.id),
  },
  Recurrence: {
    id: (v: RecurrenceView) => v.series.id,
    rrule: (v: RecurrenceView) => rruleOf(v.series),
    frequency: (v: RecurrenceView) => v.series.frequency,
    interval: (v: RecurrenceView) => v.series.interval,
    byWeekday: (v: RecurrenceView) => v.series.by_weekday,
    byMonthDay: (v: RecurrenceView) => v.series.by_month_day,
    until: (v: RecurrenceView) => v.series.until,
    count: (v: RecurrenceView) => v.series.count,
    mode: (v: RecurrenceView) => v.series.mode,
    autoCreate: (v: RecurrenceView) => v.series.auto_create,
    timezone: (v: RecurrenceView) => v.series.timezone,
    active: (v: RecurrenceView) => v.series.active,
    occurrences: (v: RecurrenceView) => v.series.occurrences,
    nextDueAt: (v: RecurrenceView, _: unknown, ctx: Ctx) => ctx.service.nextDueAt(v),
    upcoming: (v: RecurrenceView, a: { limit?: number }, ctx: Ctx) => ctx.service.upcoming(v, a.limit ?? 5),
  },
};
