import { randomUUID } from 'node:crypto';
import { badUserInput, notFound, type Identity, type Knex, type Logger } from '@tasklane/platform';
import { AppIds, onBehalfOf, processOnce, type Runtime, type TaskEvent } from '@tasklane/runtime';
import { formatRRule } from '../rules/rule';
import { anchorText, nextDue, ruleColumns, settingsFrom, upcoming, upcomingLimit, type RecurrenceInput, type SeriesRow, type Template } from './series';

/** A task as the tasks service reports it to recurrence. */
export interface TaskFacts {
  id: string;
  title: string;
  description: string | null;
  priority: string;
  dueAt: string | null;
  status: string;
  tags: string[];
}

interface OccurrenceRow {
  task_id: string;
  series_id: string;
  user_id: string;
  position: number;
  due_at: Date | null;
  confirmed: boolean;
}

export interface RecurrenceView {
  series: SeriesRow;
  occurrence: OccurrenceRow;
}

const CONSUMER = AppIds.recurrence;
export const autoCreateJob = (seriesId: string) => `recur:${seriesId}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Series of tasks. The next occurrence is created through the tasks service with an idempotency
 * key (series + position), and recorded under a unique (series, position): however often a
 * completion is delivered, or a task completed, one next task exists.
 */
export class RecurrenceService {
  constructor(
    private readonly db: Knex,
    private readonly runtime: Runtime,
    private readonly signingKey: string,
    private readonly logger: Logger,
  ) {}

  async views(userId: string, taskIds: readonly string[]): Promise<Map<string, RecurrenceView>> {
    const rows: Array<OccurrenceRow & { s: SeriesRow }> = await this.db('recurrence.occurrences as o')
      .join('recurrence.series as s', 's.id', 'o.series_id')
      .where('o.user_id', userId)
      .whereIn('o.task_id', taskIds.filter((id) => UUID.test(id)))
      .select('o.*', this.db.raw('to_jsonb(s) as s'));
    return new Map(rows.map(({ s, ...occurrence }) => [occurrence.task_id, { series: reviveSeries(s), occurrence }]));
  }

  nextDueAt(view: RecurrenceView): Date | null {
    if (!view.series.active) return null;
    return nextDue(view.series, { due: view.occurrence.due_at, completedAt: new Date() });
  }

  upcoming(view: RecurrenceView, limit: number): Date[] {
    if (!view.series.active) return [];
    return upcoming(view.series, { due: view.occurrence.due_at, completedAt: new Date() }, upcomingLimit(limit));
  }

  /** createTask with a recurrence: the new task is the first of a new series (no call back to tasks). */
  async registerTask(identity: Identity, task: TaskFacts, input: RecurrenceInput): Promise<{ seriesId: string }> {
    const settings = settingsFrom(input);
    return this.db.transaction(async (trx) => ({ seriesId: await this.startSeries(trx, identity, task, settings) }));
  }

  /** setRecurrence: a new rule for the task's series, or a new series starting with it. */
  async set(identity: Identity, taskId: string, input: RecurrenceInput): Promise<{ id: string }> {
    const settings = settingsFrom(input);
    return this.db.transaction(async (trx) => {
      const task = await this.taskFacts(identity, taskId);
      const existing: OccurrenceRow | undefined = await trx('recurrence.occurrences').where({ task_id: taskId }).forUpdate().first();
      if (existing) {
        await trx('recurrence.series').where('id', existing.series_id).update({
          ...ruleColumns(settings),
          anchor: task.dueAt ? anchorText(new Date(task.dueAt), settings.timezone) : null,
          active: true,
        });
        await this.armAutoCreate(trx, existing.series_id);
      } else {
        await this.startSeries(trx, identity, task, settings);
      }
      await this.invokeTasks(identity, 'set-recurring', { taskId, recurring: true, action: 'RECURRENCE_SET', rrule: formatRRule(settings.rule) });
      return { id: taskId };
    });
  }

  async clear(identity: Identity, taskId: string): Promise<{ id: string }> {
    return this.db.transaction(async (trx) => {
      await this.taskFacts(identity, taskId); // NOT_FOUND for others' tasks
      const occurrence: OccurrenceRow | undefined = await trx('recurrence.occurrences').where({ task_id: taskId, user_id: identity.userId }).forUpdate().first();
      if (!occurrence) return { id: taskId };
      await trx('recurrence.occurrences').where('task_id', taskId).delete();
      await this.endSeries(trx, occurrence.series_id);
      await this.invokeTasks(identity, 'set-recurring', { taskId, recurring: false, action: 'RECURRENCE_CLEARED', rrule: null });
      return { id: taskId };
    });
  }

  async skip(identity: Identity, taskId: string): Promise<{ id: string }> {
    return this.db.transaction(async (trx) => {
      const task = await this.taskFacts(identity, taskId);
      const view = (await this.views(identity.userId, [taskId])).get(taskId);
      if (!view) throw badUserInput('taskId', 'The task does not recur');
      if (task.status !== 'PENDING') throw badUserInput('taskId', 'Only an open occurrence can be skipped');
      const series: SeriesRow = await trx('recurrence.series').where('id', view.series.id).forUpdate().first();
      const next = nextDue(series, { due: task.dueAt ? new Date(task.dueAt) : null, completedAt: new Date() });
      if (!next) throw badUserInput('taskId', 'The series has no further occurrence');
      await this.invokeTasks(identity, 'set-due', { taskId, dueAt: next.toISOString() });
      await trx('recurrence.occurrences').where('task_id', taskId).update({ due_at: next });
      return { id: taskId };
    });
  }

  /** task-events: a completion makes the next occurrence; updates keep the series' copy; SERIES deletes end it. */
  async onTaskEvent(event: TaskEvent): Promise<void> {
    if (!['completed', 'updated', 'deleted'].includes(event.event_type)) return;
    await processOnce(this.db, CONSUMER, event.event_id, async (trx) => {
      const occurrence: OccurrenceRow | undefined = await trx('recurrence.occurrences').where('task_id', event.task_id).first();
      if (!occurrence) return;
      // not locked here: the reservation (its own transaction) serializes on the series row
      const series: SeriesRow = await trx('recurrence.series').where('id', occurrence.series_id).first();
      const data = event.task_data;
      if (event.event_type === 'deleted') {
        if (event.scope === 'SERIES') await this.endSeries(trx, series.id);
        return;
      }
      if (event.event_type === 'completed' && series.active) {
        const later = await trx('recurrence.occurrences').where('series_id', series.id).where('position', '>', occurrence.position).first('confirmed');
        // none yet, or reserved by a try that did not finish; a confirmed one means it exists already
        if (!later?.confirmed) {
          const due = data?.due_at ? new Date(String(data.due_at)) : null;
          const completedAt = data?.completed_at ? new Date(String(data.completed_at)) : new Date(event.timestamp);
          await this.spawnAfter(trx, { ...series, template: data ? templateOf(data) : series.template }, occurrence, nextDue(series, { due, completedAt }));
        }
      }
      // after spawning: the reservation's own transaction locks the series row
      if (data) {
        await trx('recurrence.occurrences').where('task_id', occurrence.task_id).update({ due_at: data.due_at ?? null });
        await trx('recurrence.series').where('id', series.id).update({ template: JSON.stringify(templateOf(data)) });
      }
    });
  }

  /** The auto-create job: the next occurrence appears at its due time even if the last is open. */
  async autoCreate(seriesId: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const series: SeriesRow | undefined = await trx('recurrence.series').where('id', seriesId).first();
      if (!series || !series.active || !series.auto_create) return;
      const last: OccurrenceRow | undefined = await trx('recurrence.occurrences').where({ series_id: seriesId, confirmed: true }).orderBy('position', 'desc').first();
      const base = last?.due_at ?? null;
      const next = nextDue(series, { due: base, completedAt: new Date() });
      if (next && next.getTime() > Date.now() + 1_000) {
        await this.armAutoCreate(trx, seriesId); // woke early (rule changed): wait for the real time
        return;
      }
      await this.spawnAfter(trx, series, last ?? { task_id: '', series_id: seriesId, user_id: series.user_id, position: series.occurrences, due_at: base, confirmed: true }, next);
    });
  }

  private async spawnAfter(trx: Knex.Transaction, series: SeriesRow, previous: OccurrenceRow, dueAt: Date | null): Promise<void> {
    if (!dueAt) {
      await trx('recurrence.series').where('id', series.id).update({ active: false });
      await this.runtime.jobs.cancel(AppIds.recurrence, autoCreateJob(series.id), trx);
      return;
    }
    const position = previous.position + 1;
    const { taskId, exhausted } = await this.reserve(series, position, dueAt);
    const system = { userId: series.user_id, actor: 'system' };
    const offsets = previous.task_id
      ? await this.runtime.invoker.invoke<Array<{ before: string; channels: string[] }>>(AppIds.reminders, 'offsets-of', { taskId: previous.task_id }, onBehalfOf(system, this.signingKey))
      : [];
    await this.invokeTasks<{ id: string }>(system, 'create-occurrence', {
      id: taskId,
      occurrenceKey: `${series.id}:${position}`,
      ...series.template,
      dueAt: dueAt.toISOString(),
      reminders: offsets,
    });
    await trx('recurrence.occurrences').where('task_id', taskId).update({ confirmed: true });
    if (!exhausted) await this.armAutoCreate(trx, series.id);
    else await this.runtime.jobs.cancel(AppIds.recurrence, autoCreateJob(series.id), trx);
    this.logger.info({ seriesId: series.id, position, taskId }, 'next occurrence created');
  }

  /**
   * Reserves the position with the next task's id, and counts it on the series, in a transaction
   * of its own committed before the task exists: the task never shows without its recurrence, and
   * a retry (or a racing auto-create) finds the same reservation and the same task id.
   */
  private async reserve(series: SeriesRow, position: number, dueAt: Date): Promise<{ taskId: string; exhausted: boolean }> {
    return this.db.transaction(async (b) => {
      const current: SeriesRow = await b('recurrence.series').where('id', series.id).forUpdate().first();
      const { rows } = await b.raw(
        `insert into recurrence.occurrences (task_id, series_id, user_id, position, due_at, confirmed)
         values (?, ?, ?, ?, ?, false) on conflict (series_id, position) do nothing returning task_id`,
        [randomUUID(), series.id, series.user_id, position, dueAt],
      );
      const occurrences = Math.max(current.occurrences, position);
      const exhausted = (current.count !== null && occurrences >= current.count) || !nextDue({ ...current, occurrences }, { due: dueAt, completedAt: dueAt });
      if (rows.length === 0) {
        const existing = await b('recurrence.occurrences').where({ series_id: series.id, position }).first('task_id');
        return { taskId: existing.task_id, exhausted };
      }
      await b('recurrence.series')
        .where('id', series.id)
        .update({ occurrences, active: !exhausted, anchor: current.anchor ?? anchorText(dueAt, current.timezone) });
      return { taskId: rows[0].task_id, exhausted };
    });
  }

  private async startSeries(trx: Knex.Transaction, identity: Identity, task: TaskFacts, settings: ReturnType<typeof settingsFrom>): Promise<string> {
    const [series] = await trx('recurrence.series')
      .insert({
        user_id: identity.userId,
        ...ruleColumns(settings),
        anchor: task.dueAt ? anchorText(new Date(task.dueAt), settings.timezone) : null,
        occurrences: 1,
        template: JSON.stringify(templateOf({ title: task.title, description: task.description, priority: task.priority, tags: task.tags })),
      })
      .returning('id');
    await trx('recurrence.occurrences').insert({ task_id: task.id, series_id: series.id, user_id: identity.userId, position: 1, due_at: task.dueAt });
    await this.armAutoCreate(trx, series.id);
    return series.id;
  }

  /** With autoCreate, one job per series at the next occurrence's due time. */
  private async armAutoCreate(trx: Knex.Transaction, seriesId: string): Promise<void> {
    const series: SeriesRow = await trx('recurrence.series').where('id', seriesId).first();
    if (!series.auto_create || !series.active) return this.runtime.jobs.cancel(AppIds.recurrence, autoCreateJob(seriesId), trx);
    const last: OccurrenceRow | undefined = await trx('recurrence.occurrences').where('series_id', seriesId).orderBy('position', 'desc').first();
    const next = last?.due_at ? nextDue(series, { due: last.due_at, completedAt: last.due_at }) : null;
    if (next) await this.runtime.jobs.schedule(AppIds.recurrence, { name: autoCreateJob(seriesId), dueAt: next, data: {} }, trx);
    else await this.runtime.jobs.cancel(AppIds.recurrence, autoCreateJob(seriesId), trx);
  }

  private async endSeries(trx: Knex.Transaction, seriesId: string): Promise<void> {
    await trx('recurrence.series').where('id', seriesId).update({ active: false });
    await this.runtime.jobs.cancel(AppIds.recurrence, autoCreateJob(seriesId), trx);
  }

  private async taskFacts(identity: Identity, taskId: string): Promise<TaskFacts> {
    if (!UUID.test(taskId)) throw notFound('Task', taskId);
    return this.invokeTasks<TaskFacts>(identity, 'task-facts', { taskId });
  }

  private invokeTasks<T = unknown>(identity: Identity, method: string, payload: unknown): Promise<T> {
    return this.runtime.invoker.invoke<T>(AppIds.tasks, method, payload, onBehalfOf(identity, this.signingKey));
  }
}

function templateOf(data: Record<string, unknown>): Template {
  return {
    title: String(data.title),
    description: (data.description as string | null) ?? null,
    priority: String(data.priority ?? 'NONE'),
    tags: Array.isArray(data.tags) ? (data.tags as string[]) : [],
  };
}

/** to_jsonb turns timestamps into strings: bring back the Dates the rule code expects. */
function reviveSeries(s: SeriesRow): SeriesRow {
  return { ...s, until: s.until ? new Date(s.until) : null, anchor: s.anchor ? String(s.anchor).replace('T', ' ') : null };
}
