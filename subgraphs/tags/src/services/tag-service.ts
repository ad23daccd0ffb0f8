import { badUserInput, notFound, type Identity, type Knex } from '@tasklane/platform';
import { AppIds, onBehalfOf, type Runtime } from '@tasklane/runtime';
import { colorFor, tagKey, validTagName, validTagNames } from './tag-names';

export interface Tag {
  id: string;
  name: string;
  color: string;
}

interface TagRow extends Tag {
  name_key: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = ['id', 'name', 'name_key', 'color'];

/**
 * Tags and their assignments. Writes that change a task's tags also update the tasks service's
 * projection (through invocation, inside this transaction), which checks that the caller owns
 * the task and emits the task's UPDATED event.
 */
export class TagService {
  constructor(
    private readonly db: Knex,
    private readonly runtime: Runtime,
    private readonly signingKey: string,
  ) {}

  list(userId: string): Promise<Tag[]> {
    return this.db('tags.tags').where('user_id', userId).orderBy('name_key').select(COLUMNS);
  }

  async byIds(userId: string, ids: readonly string[]): Promise<Map<string, Tag>> {
    const rows: TagRow[] = await this.db('tags.tags').where('user_id', userId).whereIn('id', ids.filter((id) => UUID.test(id))).select(COLUMNS);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async tagsOfTasks(userId: string, taskIds: readonly string[]): Promise<Map<string, Tag[]>> {
    const rows: Array<TagRow & { task_id: string }> = await this.db('tags.task_tags as a')
      .join('tags.tags as t', 't.id', 'a.tag_id')
      .where('a.user_id', userId)
      .whereIn('a.task_id', taskIds.filter((id) => UUID.test(id)))
      .orderBy('t.name_key')
      .select('a.task_id', 't.id', 't.name', 't.name_key', 't.color');
    const byTask = new Map<string, Tag[]>(taskIds.map((id) => [id, []]));
    for (const { task_id, ...tag } of rows) byTask.get(task_id)?.push(tag);
    return byTask;
  }

  async taskCounts(tagIds: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ tag_id: string; n: number }> = await this.db('tags.task_tags')
      .whereIn('tag_id', tagIds.filter((id) => UUID.test(id)))
      .groupBy('tag_id')
      .select('tag_id', this.db.raw('count(*)::int as n'));
    return new Map(rows.map((r) => [r.tag_id, r.n]));
  }

  /** createTask's tags: called by the tasks service while it creates the task (no call back). */
  async assignNewTask(identity: Identity, taskId: string, names: unknown[]): Promise<{ names: string[] }> {
    const valid = validTagNames(names, 'tags');
    return this.db.transaction(async (trx) => {
      const tags = await this.ensure(trx, identity.userId, valid);
      await trx('tags.task_tags')
        .insert(tags.map((t) => ({ task_id: taskId, tag_id: t.id, user_id: identity.userId })))
        .onConflict(['task_id', 'tag_id'])
        .ignore();
      return { names: tags.map((t) => t.name) };
    });
  }

  setTags(identity: Identity, taskId: string, names: unknown[]): Promise<{ id: string }> {
    const valid = validTagNames(names, 'names');
    return this.change(identity, taskId, () => valid);
  }

  tagTask(identity: Identity, taskId: string, name: unknown): Promise<{ id: string }> {
    const valid = validTagName(name, 'name');
    return this.change(identity, taskId, (current) => validTagNames([...current, valid], 'name'));
  }

  untagTask(identity: Identity, taskId: string, name: unknown): Promise<{ id: string }> {
    const key = tagKey(validTagName(name, 'name'));
    return this.change(identity, taskId, (current) => current.filter((n) => tagKey(n) !== key));
  }

  async rename(identity: Identity, id: string, name: unknown): Promise<Tag> {
    const newName = validTagName(name, 'name');
    return this.db.transaction(async (trx) => {
      const tag = await this.lockTag(trx, identity, id);
      if (tag.name === newName) return tag;
      const clash = await trx('tags.tags').where({ user_id: identity.userId, name_key: tagKey(newName) }).whereNot('id', id).first('id');
      if (clash) throw badUserInput('name', `A tag named "${newName}" already exists`);
      const [renamed] = await trx('tags.tags').where('id', id).update({ name: newName, name_key: tagKey(newName) }).returning(COLUMNS);
      await this.invokeTasks(identity, 'replace-tag', { fromKey: tag.name_key, toKey: renamed.name_key, fromName: tag.name, toName: newName });
      return renamed;
    });
  }

  async delete(identity: Identity, id: string): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const tag = await this.lockTag(trx, identity, id);
      await this.invokeTasks(identity, 'replace-tag', { fromKey: tag.name_key, toKey: null, fromName: tag.name, toName: null });
      await trx('tags.tags').where('id', id).delete();
      return true;
    });
  }

  /** A deleted task's assignments go (it no longer counts); idempotent. */
  async forgetTask(taskId: string): Promise<void> {
    await this.db('tags.task_tags').where('task_id', taskId).delete();
  }

  /** Applies `next` to the task's current tag names, with the projection and the event. */
  private async change(identity: Identity, taskId: string, next: (current: string[]) => string[]): Promise<{ id: string }> {
    if (!UUID.test(taskId)) throw notFound('Task', taskId);
    return this.db.transaction(async (trx) => {
      // one writer per task at a time, so concurrent tag edits cannot interleave
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tags:${taskId}`]);
      const current: TagRow[] = await trx('tags.task_tags as a')
        .join('tags.tags as t', 't.id', 'a.tag_id')
        .where({ 'a.task_id': taskId, 'a.user_id': identity.userId })
        .orderBy('t.name_key')
        .select('t.id', 't.name', 't.name_key', 't.color');
      const target = await this.ensure(trx, identity.userId, next(current.map((t) => t.name)));
      // The tasks service checks ownership (NOT_FOUND rolls all of this back) and emits the event.
      await this.invokeTasks(identity, 'apply-tags', { taskId, from: current.map((t) => t.name), to: target.map((t) => t.name) });
      const keep = new Set(target.map((t) => t.id));
      const removed = current.filter((t) => !keep.has(t.id)).map((t) => t.id);
      if (removed.length) await trx('tags.task_tags').where('task_id', taskId).whereIn('tag_id', removed).delete();
      if (target.length) {
        await trx('tags.task_tags')
          .insert(target.map((t) => ({ task_id: taskId, tag_id: t.id, user_id: identity.userId })))
          .onConflict(['task_id', 'tag_id'])
          .ignore();
      }
      return { id: taskId };
    });
  }

  /** The user's tags for these names, creating missing ones; in the order given. */
  private async ensure(trx: Knex.Transaction, userId: string, names: string[]): Promise<TagRow[]> {
    if (names.length === 0) return [];
    await trx('tags.tags')
      .insert(names.map((name) => ({ user_id: userId, name, name_key: tagKey(name), color: colorFor(tagKey(name)) })))
      .onConflict(['user_id', 'name_key'])
      .ignore();
    const rows: TagRow[] = await trx('tags.tags').where('user_id', userId).whereIn('name_key', names.map(tagKey)).select(COLUMNS);
    const byKey = new Map(rows.map((r) => [r.name_key, r]));
    return names.map((n) => byKey.get(tagKey(n))!);
  }

  private async lockTag(trx: Knex.Transaction, identity: Identity, id: string): Promise<TagRow> {
    const tag: TagRow | undefined = UUID.test(id)
      ? await trx('tags.tags').where({ id, user_id: identity.userId }).forUpdate().first(COLUMNS)
      : undefined;
    if (!tag) throw notFound('Tag', id);
    return tag;
  }

  private invokeTasks(identity: Identity, method: string, payload: unknown): Promise<unknown> {
    return this.runtime.invoker.invoke(AppIds.tasks, method, payload, onBehalfOf(identity, this.signingKey));
  }
}
