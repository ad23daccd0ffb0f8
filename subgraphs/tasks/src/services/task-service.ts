import { notFound, type Identity, type Knex } from '@tasklane/platform';
import { AppIds, enqueue, onBehalfOf, type Runtime } from '@tasklane/runtime';
import { TaskModel, type Priority } from '../models/task';
import { taskChangeEvents, type TaskChange } from '../events/task-events';
import { tagKey, TaskListBuilder, type TaskFilter, type TaskSort } from './task-query';
import { isUuid, validDescription, validFirst, validSearch, validTitle } from './validation';

export interface CreateTaskInput {
  title: string;
  description?: string | null;
  priority?: Priority | null;
  dueAt?: Date | null;
  tags?: string[] | null;
  /** null or omitted: the default reminder when there is a due date; [] for none */
  reminders?: unknown[] | null;
  recurrence?: Record<string, unknown> | null;
}

export type UpdateTaskInput = Partial<Omit<CreateTaskInput, 'tags' | 'reminders' | 'recurrence'>>;

/** What the recurrence service asks of a task, and gives to make the next one. */
export interface TaskFacts {
  id: string;
  title: string;
  description: string | null;
  priority: Priority;
  dueAt: string | null;
  status: string;
  tags: string[];
}

export interface OccurrenceInput {
  /** chosen by recurrence, which records it before the task exists */
  id: string;
  occurrenceKey: string;
  title: string;
  description: string | null;
  priority: Priority;
  dueAt: string;
  tags: string[];
  reminders: unknown[];
}

export interface ListTasksArgs {
  filter?: TaskFilter | null;
  search?: string | null;
  sort?: TaskSort[] | null;
  first?: number | null;
  after?: string | null;
}

export interface TaskPage {
  edges: Array<{ cursor: string; node: TaskModel }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** computed only when asked for */
  totalCount: () => Promise<number>;
}

export type DeleteScope = 'THIS' | 'SERIES';

/**
 * The tasks domain: every write commits its row change and its events (task-events,
 * task-updates) in one transaction.
 */
export class TaskService {
  constructor(
    private readonly db: Knex,
    private readonly runtime: Runtime,
    private readonly signingKey: string,
  ) {}

  async get(identity: Identity, id: string): Promise<TaskModel | undefined> {
    if (!isUuid(id)) return undefined;
    return TaskModel.query(this.db).findOne({ id, user_id: identity.userId });
  }

  async getMany(userId: string, ids: readonly string[]): Promise<Map<string, TaskModel>> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await TaskModel.query(this.db).whereIn('id', valid).where('user_id', userId) : [];
    return new Map(rows.map((t) => [t.id, t]));
  }

  async list(identity: Identity, args: ListTasksArgs, now = new Date()): Promise<TaskPage> {
    const first = validFirst(args.first);
    const builder = new TaskListBuilder({
      userId: identity.userId,
      filter: args.filter,
      search: validSearch(args.search),
      sort: args.sort,
      first,
      after: args.after,
      now,
    });
    const rows: Array<Record<string, unknown>> = await builder.page(this.db);
    const hasNextPage = rows.length > first;
    const edges = rows.slice(0, first).map((row) => ({ cursor: builder.cursorOf(row), node: TaskModel.fromDatabaseJson(row) }));
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: async () => Number((await builder.count(this.db))[0].count),
    };
  }

  async create(identity: Identity, input: CreateTaskInput): Promise<TaskModel> {
    return this.insert(identity, input, {});
  }

  /** The next task of a series (called by recurrence); once per occurrence key. */
  async createOccurrence(identity: Identity, input: OccurrenceInput): Promise<{ id: string }> {
    const existing = await TaskModel.query(this.db).findOne({ occurrence_key: input.occurrenceKey, user_id: identity.userId });
    if (existing) return { id: existing.id };
    const task = await this.insert(
      identity,
      { ...input, priority: input.priority, dueAt: new Date(input.dueAt), recurrence: null },
      { id: input.id, occurrenceKey: input.occurrenceKey, recurring: true },
    );
    return { id: task.id };
  }

  private async insert(
    identity: Identity,
    input: CreateTaskInput,
    options: { id?: string; occurrenceKey?: string; recurring?: boolean },
  ): Promise<TaskModel> {
    const values = {
      ...(options.id && isUuid(options.id) ? { id: options.id } : {}),
      userId: identity.userId,
      title: validTitle(input.title),
      description: validDescription(input.description),
      priority: input.priority ?? 'NONE',
      dueAt: input.dueAt ?? null,
      occurrenceKey: options.occurrenceKey ?? null,
      recurring: options.recurring ?? false,
    };
    return this.db.transaction(async (trx) => {
      let task = await TaskModel.query(trx).insertAndFetch(values);
      let tagNames: string[] = [];
      if (input.tags?.length) {
        // The tags service validates, creates missing tags and records the assignment; its names
        // come back as stored, and the projection is set before this transaction commits.
        ({ names: tagNames } = await this.invoke<{ names: string[] }>(identity, AppIds.tags, 'assign-new-task', {
          taskId: task.id,
          names: input.tags,
        }));
        task = await TaskModel.query(trx).patchAndFetchById(task.id, { tagKeys: [...new Set(tagNames.map(tagKey))].sort() });
      }
      await this.invoke(identity, AppIds.reminders, 'register-task', { task: reminderFacts(task), reminders: input.reminders ?? null });
      if (input.recurrence) {
        await this.invoke(identity, AppIds.recurrence, 'register-task', { task: factsOf(task), recurrence: input.recurrence });
        task = await TaskModel.query(trx).patchAndFetchById(task.id, { recurring: true });
      }
      await this.emit(trx, {
        type: 'created',
        before: null,
        after: task,
        actor: identity.actor,
        action: options.occurrenceKey ? 'OCCURRENCE_CREATED' : undefined,
        extraChanges: {
          ...(tagNames.length ? { tags: { from: [], to: tagNames } } : {}),
          ...(input.recurrence ? { recurrence: { from: null, to: input.recurrence } } : {}),
        },
      });
      return task;
    });
  }

  async facts(identity: Identity, id: string): Promise<TaskFacts> {
    const task = await this.get(identity, id);
    if (!task) throw notFound('Task', id);
    return factsOf(task);
  }

  /** Recurrence set or cleared: the `recurring` projection and the task's event. */
  async setRecurring(identity: Identity, change: { taskId: string; recurring: boolean; action: 'RECURRENCE_SET' | 'RECURRENCE_CLEARED'; rrule: string | null }) {
    await this.db.transaction(async (trx) => {
      const before = await this.lockOwned(trx, identity, change.taskId);
      const after = await TaskModel.query(trx).patchAndFetchById(before.id, { recurring: change.recurring, updatedAt: new Date() });
      await this.emit(trx, { type: 'updated', before, after, actor: identity.actor, action: change.action, extraChanges: { recurrence: { from: null, to: change.rrule } } });
    });
    return { ok: true };
  }

  async update(identity: Identity, id: string, input: UpdateTaskInput): Promise<TaskModel> {
    const patch: Partial<TaskModel> = {};
    if (input.title !== undefined) patch.title = validTitle(input.title);
    if (input.description !== undefined) patch.description = validDescription(input.description);
    if (input.priority !== undefined && input.priority !== null) patch.priority = input.priority;
    if (input.dueAt !== undefined) patch.dueAt = input.dueAt;
    return this.change(identity, id, (before) => {
      const changed = changedFields(before, patch);
      return Object.keys(changed).length ? { type: 'updated', patch: changed } : null;
    });
  }

  async complete(identity: Identity, id: string): Promise<TaskModel> {
    return this.change(identity, id, (before) =>
      before.status === 'COMPLETED' ? null : { type: 'completed', patch: { status: 'COMPLETED', completedAt: new Date() } },
    );
  }

  async reopen(identity: Identity, id: string): Promise<TaskModel> {
    return this.change(identity, id, (before) =>
      before.status === 'PENDING' ? null : { type: 'reopened', patch: { status: 'PENDING', completedAt: null } },
    );
  }

  async delete(identity: Identity, id: string, scope: DeleteScope = 'THIS'): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const before = await this.lockOwned(trx, identity, id);
      await TaskModel.query(trx).deleteById(before.id);
      await this.emit(trx, { type: 'deleted', before, after: null, actor: identity.actor, scope });
      return true;
    });
  }

  /** Locks the caller's task, applies the patch `decide` returns (if any) and emits its events. */
  private async change(
    identity: Identity,
    id: string,
    decide: (before: TaskModel) => { type: TaskChange['type']; patch: Partial<TaskModel> } | null,
  ): Promise<TaskModel> {
    return this.db.transaction(async (trx) => {
      const before = await this.lockOwned(trx, identity, id);
      const decision = decide(before);
      if (!decision) return before;
      const after = await TaskModel.query(trx).patchAndFetchById(before.id, { ...decision.patch, updatedAt: new Date() });
      if ('dueAt' in decision.patch) {
        // reminders move with the due date before this returns (read your own writes)
        await this.invoke(identity, AppIds.reminders, 'due-changed', { task: reminderFacts(after) });
      }
      await this.emit(trx, { type: decision.type, before, after, actor: identity.actor });
      return after;
    });
  }

  private async lockOwned(trx: Knex.Transaction, identity: Identity, id: string): Promise<TaskModel> {
    const task = isUuid(id) ? await TaskModel.query(trx).findOne({ id, user_id: identity.userId }).forUpdate() : undefined;
    if (!task) throw notFound('Task', id);
    return task;
  }

  private invoke<T = unknown>(identity: Identity, appId: string, method: string, payload: unknown): Promise<T> {
    return this.runtime.invoker.invoke<T>(appId, method, payload, onBehalfOf(identity, this.signingKey));
  }

  private async emit(trx: Knex.Transaction, change: TaskChange): Promise<void> {
    await enqueue(trx, taskChangeEvents(change));
  }
}

/** The part of `patch` that differs from `task` (dates compared by instant). */
function changedFields(task: TaskModel, patch: Partial<TaskModel>): Partial<TaskModel> {
  const key = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  return Object.fromEntries(
    Object.entries(patch).filter(([field, value]) => key(value) !== key(task[field as keyof TaskModel])),
  ) as Partial<TaskModel>;
}

function factsOf(task: TaskModel): TaskFacts {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    priority: task.priority,
    dueAt: task.dueAt ? task.dueAt.toISOString() : null,
    status: task.status,
    tags: task.tagKeys,
  };
}

/** What the reminders service keeps of a task. */
function reminderFacts(task: TaskModel) {
  return { id: task.id, title: task.title, dueAt: task.dueAt ? task.dueAt.toISOString() : null, status: task.status };
}
