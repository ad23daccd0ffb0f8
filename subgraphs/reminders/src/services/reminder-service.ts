import { badUserInput, notFound, parseDateTime, type Identity, type Knex, type Logger } from '@tasklane/platform';
import { AppIds, enqueue, taskChangeMessages, Topics, type ReminderEvent, type Runtime } from '@tasklane/runtime';
import { randomUUID } from 'node:crypto';
import { parseDuration, subtractDuration } from './duration';

export type Channel = 'IN_APP' | 'EMAIL' | 'WEB_PUSH';
export type ReminderStatus = 'SCHEDULED' | 'SENT' | 'CANCELLED';

export interface Delivery {
  channel: Channel;
  status: 'DELIVERED' | 'FAILED' | 'NOT_CONFIGURED';
  detail?: string;
  at: string;
}

export interface Reminder {
  id: string;
  taskId: string;
  userId: string;
  remindAt: Date;
  before: string | null;
  channels: Channel[];
  status: ReminderStatus;
  firedAt: Date | null;
  deliveries: Delivery[];
}

export interface ReminderInput {
  before?: string | null;
  at?: unknown;
  channels?: Channel[] | null;
}

/** The task as reminders know it. */
export interface TaskFacts {
  id: string;
  title: string;
  dueAt: string | null;
  status: string;
}

const CHANNELS: Channel[] = ['IN_APP', 'EMAIL', 'WEB_PUSH'];
const PER_TASK_MAX = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_REMINDER: ReminderInput = { before: 'PT1H', channels: ['IN_APP'] };

interface Row {
  id: string;
  task_id: string;
  user_id: string;
  remind_at: Date;
  before: string | null;
  channels: Channel[];
  status: ReminderStatus;
  fired_at: Date | null;
  deliveries: Delivery[];
}

const toReminder = (r: Row): Reminder => ({
  id: r.id,
  taskId: r.task_id,
  userId: r.user_id,
  remindAt: r.remind_at,
  before: r.before,
  channels: r.channels,
  status: r.status,
  firedAt: r.fired_at,
  deliveries: r.deliveries ?? [],
});

export const jobName = (reminderId: string) => `reminder:${reminderId}`;

/**
 * Reminders, each scheduled at its exact time as a runtime job. A job firing marks the reminder
 * SENT and publishes a `reminders` event (and the task's UPDATED) in one transaction, once.
 */
export class ReminderService {
  constructor(
    private readonly db: Knex,
    private readonly runtime: Runtime,
    private readonly logger: Logger,
    private readonly emailConfigured: () => boolean,
  ) {}

  async forTasks(userId: string, taskIds: readonly string[]): Promise<Map<string, Reminder[]>> {
    const rows: Row[] = await this.db('reminders.reminders')
      .where('user_id', userId)
      .whereIn('task_id', taskIds.filter((id) => UUID.test(id)))
      .orderBy([{ column: 'remind_at' }, { column: 'created_at' }]);
    const byTask = new Map<string, Reminder[]>(taskIds.map((id) => [id, []]));
    for (const r of rows) byTask.get(r.task_id)?.push(toReminder(r));
    return byTask;
  }

  /** The `before` reminders of a task, which the next occurrence of a series copies. */
  async offsetsOf(identity: Identity, taskId: string): Promise<ReminderInput[]> {
    const rows: Row[] = await this.db('reminders.reminders').where({ task_id: taskId, user_id: identity.userId }).whereNotNull('before').orderBy('created_at');
    return rows.map((r) => ({ before: r.before, channels: r.channels }));
  }

  /** createTask: record the task and its reminders (the default one when `inputs` is null). */
  async registerTask(identity: Identity, task: TaskFacts, inputs: ReminderInput[] | null): Promise<{ reminders: number }> {
    const wanted = inputs ?? (task.dueAt ? [DEFAULT_REMINDER] : []);
    const planned = wanted.map((input) => plan(input, task.dueAt, 'reminders'));
    if (planned.length > PER_TASK_MAX) throw badUserInput('reminders', `A task has at most ${PER_TASK_MAX} reminders`);
    await this.db.transaction(async (trx) => {
      await this.upsertFacts(trx, identity.userId, task);
      for (const p of planned) await this.insert(trx, identity.userId, task.id, p);
    });
    return { reminders: planned.length };
  }

  /** The due date moved: `before` reminders move with it; a first due date gets the default reminder. */
  async dueChanged(identity: Identity, task: TaskFacts): Promise<void> {
    await this.db.transaction(async (trx) => {
      const facts = await trx('reminders.tasks').where({ task_id: task.id, user_id: identity.userId }).forUpdate().first();
      await this.upsertFacts(trx, identity.userId, task);
      const rows: Row[] = await trx('reminders.reminders').where({ task_id: task.id }).whereNot('status', 'CANCELLED').forUpdate();
      if (!task.dueAt) {
        for (const r of rows.filter((r) => r.before)) await this.setStatus(trx, r, 'CANCELLED');
        return;
      }
      const due = new Date(task.dueAt);
      for (const r of rows.filter((r) => r.before)) {
        const remindAt = subtractDuration(due, parseDuration(r.before));
        const status = remindAt.getTime() > Date.now() || r.status === 'SCHEDULED' ? 'SCHEDULED' : r.status;
        await trx('reminders.reminders').where('id', r.id).update({ remind_at: remindAt, status, fired_at: status === 'SCHEDULED' ? null : r.fired_at });
        if (status === 'SCHEDULED') await this.runtime.jobs.schedule(AppIds.reminders, { name: jobName(r.id), dueAt: remindAt, data: {} }, trx);
      }
      if (!facts?.due_at && !rows.some((r) => r.status === 'SCHEDULED')) await this.insert(trx, identity.userId, task.id, plan(DEFAULT_REMINDER, task.dueAt, 'dueAt'));
    });
  }

  async add(identity: Identity, taskId: string, input: ReminderInput): Promise<Reminder> {
    return this.db.transaction(async (trx) => {
      const facts = await this.lockTask(trx, identity, taskId);
      const count = await trx('reminders.reminders').where({ task_id: taskId }).whereNot('status', 'CANCELLED').count<{ n: string }[]>('* as n');
      if (Number(count[0].n) >= PER_TASK_MAX) throw badUserInput('taskId', `A task has at most ${PER_TASK_MAX} reminders`);
      const p = plan(input, facts.due_at ? facts.due_at.toISOString() : null, 'input');
      const row = await this.insert(trx, identity.userId, taskId, p);
      await this.emitTaskChange(trx, identity, taskId, 'REMINDER_ADDED', { reminder: { from: null, to: describe(row) } });
      return toReminder(row);
    });
  }

  async remove(identity: Identity, id: string): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const row = await this.lockReminder(trx, identity, id);
      await trx('reminders.reminders').where('id', id).delete();
      await this.runtime.jobs.cancel(AppIds.reminders, jobName(id), trx);
      await this.emitTaskChange(trx, identity, row.task_id, 'REMINDER_REMOVED', { reminder: { from: describe(row), to: null } });
      return true;
    });
  }

  async snooze(identity: Identity, id: string, until: Date): Promise<Reminder> {
    return this.db.transaction(async (trx) => {
      const row = await this.lockReminder(trx, identity, id);
      const [updated]: Row[] = await trx('reminders.reminders')
        .where('id', id)
        .update({ remind_at: until, before: null, status: 'SCHEDULED', fired_at: null })
        .returning('*');
      await this.runtime.jobs.schedule(AppIds.reminders, { name: jobName(id), dueAt: until, data: {} }, trx);
      await this.emitTaskChange(trx, identity, row.task_id, 'UPDATED', { reminder: { from: describe(row), to: describe(updated) } });
      return toReminder(updated);
    });
  }

  /** The job callback: fire once if still scheduled and the task still pending. */
  async fire(reminderId: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const row: Row | undefined = await trx('reminders.reminders').where('id', reminderId).forUpdate().first();
      if (!row || row.status !== 'SCHEDULED') return;
      if (row.remind_at.getTime() > Date.now() + 50) {
        // moved later after this job was claimed: put it back at the new time
        await this.runtime.jobs.schedule(AppIds.reminders, { name: jobName(row.id), dueAt: row.remind_at, data: {} }, trx);
        return;
      }
      const task = await trx('reminders.tasks').where('task_id', row.task_id).first();
      if (!task || task.status !== 'PENDING') {
        await this.setStatus(trx, row, 'CANCELLED');
        return;
      }
      const firedAt = new Date();
      const deliveries: Delivery[] = row.channels
        .filter((c) => c === 'EMAIL' && !this.emailConfigured())
        .map((channel) => ({ channel, status: 'NOT_CONFIGURED', detail: 'SMTP_URL is not set', at: firedAt.toISOString() }));
      await trx('reminders.reminders').where('id', row.id).update({ status: 'SENT', fired_at: firedAt, deliveries: JSON.stringify(deliveries) });
      const event: ReminderEvent = {
        event_id: randomUUID(),
        reminder_id: row.id,
        task_id: row.task_id,
        user_id: row.user_id,
        title: task.title,
        due_at: task.due_at ? task.due_at.toISOString() : null,
        remind_at: row.remind_at.toISOString(),
        fired_at: firedAt.toISOString(),
        channels: row.channels,
      };
      await enqueue(trx, [
        { topic: Topics.reminders, source: AppIds.reminders, id: event.event_id, data: event },
        ...taskChangeMessages({
          source: AppIds.reminders,
          type: 'updated',
          action: 'REMINDER_FIRED',
          taskId: row.task_id,
          userId: row.user_id,
          actor: 'system',
          taskData: null,
          changes: { reminder: { from: 'SCHEDULED', to: 'SENT' } },
          oldStatus: task.status,
          newStatus: task.status,
        }),
      ]);
      this.logger.info({ reminderId: row.id, lateMs: firedAt.getTime() - row.remind_at.getTime() }, 'reminder fired');
    });
  }

  /** What a notifier did with a channel, shown on the reminder. */
  async recordDelivery(reminderId: string, delivery: Delivery): Promise<void> {
    await this.db.raw(`update reminders.reminders set deliveries = deliveries || ?::jsonb where id = ?`, [JSON.stringify([delivery]), reminderId]);
  }

  /** Task facts from task-events; a completed or deleted task's pending reminders are cancelled. */
  async taskEvent(userId: string, taskId: string, type: string, data: Record<string, unknown> | null): Promise<void> {
    await this.db.transaction(async (trx) => {
      if (data) await this.upsertFacts(trx, userId, { id: taskId, title: String(data.title), dueAt: (data.due_at as string) ?? null, status: String(data.status) });
      if (type === 'deleted') await trx('reminders.tasks').where('task_id', taskId).update({ status: 'DELETED' });
      if (type === 'completed' || type === 'deleted') {
        const pending: Row[] = await trx('reminders.reminders').where({ task_id: taskId, status: 'SCHEDULED' }).forUpdate();
        for (const r of pending) await this.setStatus(trx, r, 'CANCELLED');
      }
    });
  }

  private async upsertFacts(trx: Knex.Transaction, userId: string, task: TaskFacts): Promise<void> {
    await trx.raw(
      `insert into reminders.tasks (task_id, user_id, title, due_at, status) values (?, ?, ?, ?, ?)
       on conflict (task_id) do update set title = excluded.title, due_at = excluded.due_at,
         status = case when reminders.tasks.status = 'DELETED' then 'DELETED' else excluded.status end`,
      [task.id, userId, task.title, task.dueAt, task.status],
    );
  }

  private async insert(trx: Knex.Transaction, userId: string, taskId: string, p: Planned): Promise<Row> {
    const [row]: Row[] = await trx('reminders.reminders')
      .insert({ user_id: userId, task_id: taskId, remind_at: p.remindAt, before: p.before, channels: p.channels })
      .returning('*');
    await this.runtime.jobs.schedule(AppIds.reminders, { name: jobName(row.id), dueAt: row.remind_at, data: {} }, trx);
    return row;
  }

  private async setStatus(trx: Knex.Transaction, row: Row, status: ReminderStatus): Promise<void> {
    await trx('reminders.reminders').where('id', row.id).update({ status });
    if (status !== 'SCHEDULED') await this.runtime.jobs.cancel(AppIds.reminders, jobName(row.id), trx);
  }

  private async lockTask(trx: Knex.Transaction, identity: Identity, taskId: string) {
    const facts = UUID.test(taskId)
      ? await trx('reminders.tasks').where({ task_id: taskId, user_id: identity.userId }).whereNot('status', 'DELETED').forUpdate().first()
      : undefined;
    if (!facts) throw notFound('Task', taskId);
    return facts as { due_at: Date | null; status: string; title: string };
  }

  private async lockReminder(trx: Knex.Transaction, identity: Identity, id: string): Promise<Row> {
    const row: Row | undefined = UUID.test(id) ? await trx('reminders.reminders').where({ id, user_id: identity.userId }).forUpdate().first() : undefined;
    if (!row) throw notFound('Reminder', id);
    return row;
  }

  private async emitTaskChange(trx: Knex.Transaction, identity: Identity, taskId: string, action: 'REMINDER_ADDED' | 'REMINDER_REMOVED' | 'UPDATED', changes: Record<string, { from: unknown; to: unknown }>) {
    const facts = await trx('reminders.tasks').where('task_id', taskId).first('status');
    await enqueue(
      trx,
      taskChangeMessages({
        source: AppIds.reminders,
        type: 'updated',
        action,
        taskId,
        userId: identity.userId,
        actor: identity.actor,
        taskData: null,
        changes,
        oldStatus: facts?.status ?? null,
        newStatus: facts?.status ?? null,
      }),
    );
  }
}

interface Planned {
  remindAt: Date;
  before: string | null;
  channels: Channel[];
}

/** Validates one ReminderInput against the task's due date. */
function plan(input: ReminderInput, dueAt: string | null, field: string): Planned {
  const hasBefore = input.before != null;
  const hasAt = input.at != null;
  if (hasBefore === hasAt) throw badUserInput(hasBefore ? 'at' : 'before', 'Give exactly one of before and at');
  const channels: Channel[] = [...new Set<Channel>(input.channels ?? ['IN_APP'])];
  if (channels.length === 0 || channels.some((c) => !CHANNELS.includes(c))) throw badUserInput('channels', 'Pick at least one channel');
  if (hasAt) {
    const at = input.at instanceof Date ? input.at : parseDateTimeField(input.at, 'at');
    return { remindAt: at, before: null, channels };
  }
  const duration = parseDuration(input.before, 'before');
  if (!dueAt) throw badUserInput('before', `A reminder before the due date needs a task with a due date (${field})`);
  return { remindAt: subtractDuration(new Date(dueAt), duration), before: String(input.before).trim().toUpperCase(), channels };
}

function parseDateTimeField(value: unknown, field: string): Date {
  try {
    return parseDateTime(value);
  } catch {
    throw badUserInput(field, `${field} must be an ISO-8601 date-time`);
  }
}

function describe(r: Row) {
  return { id: r.id, remindAt: r.remind_at.toISOString(), before: r.before, channels: r.channels, status: r.status };
}
