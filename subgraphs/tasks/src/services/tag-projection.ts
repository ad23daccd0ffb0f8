import { notFound, type Identity, type Knex } from '@tasklane/platform';
import { enqueue } from '@tasklane/runtime';
import { taskChangeEvents } from '../events/task-events';
import { TaskModel } from '../models/task';
import { isUuid } from './validation';
import { tagKey } from './task-query';

export interface ApplyTags {
  taskId: string;
  /** names as the tags service shows them, before and after */
  from: string[];
  to: string[];
}

/**
 * The tasks side of tag writes, invoked by the tags service: keeps `tag_keys` (what tag filters
 * read) and emits the task's UPDATED event, in one transaction.
 */
export class TagProjection {
  constructor(private readonly db: Knex) {}

  async apply(identity: Identity, { taskId, from, to }: ApplyTags): Promise<{ changed: boolean }> {
    return this.db.transaction(async (trx) => {
      const before = isUuid(taskId) ? await TaskModel.query(trx).findOne({ id: taskId, user_id: identity.userId }).forUpdate() : undefined;
      if (!before) throw notFound('Task', taskId);
      const keys = [...new Set(to.map(tagKey))].sort();
      if (sameSet(keys, before.tagKeys)) return { changed: false };
      const after = await TaskModel.query(trx).patchAndFetchById(taskId, { tagKeys: keys, updatedAt: new Date() });
      const added = keys.filter((k) => !before.tagKeys.includes(k));
      await enqueue(
        trx,
        taskChangeEvents({
          type: 'updated',
          before,
          after,
          actor: identity.actor,
          action: added.length ? 'TAGGED' : 'UNTAGGED',
          extraChanges: { tags: { from, to } },
        }),
      );
      return { changed: true };
    });
  }

  /** A tag was renamed or deleted (`to` null): every task of the user that had it changes. */
  async replaceKey(identity: Identity, change: { fromKey: string; toKey: string | null; fromName: string; toName: string | null }) {
    return this.db.transaction(async (trx) => {
      const tasks = await TaskModel.query(trx)
        .where('user_id', identity.userId)
        .whereRaw('tag_keys @> ?::text[]', [[change.fromKey]])
        .forUpdate();
      for (const before of tasks) {
        const keys = before.tagKeys.filter((k) => k !== change.fromKey);
        if (change.toKey && !keys.includes(change.toKey)) keys.push(change.toKey);
        const after = await TaskModel.query(trx).patchAndFetchById(before.id, { tagKeys: keys.sort(), updatedAt: new Date() });
        await enqueue(
          trx,
          taskChangeEvents({
            type: 'updated',
            before,
            after,
            actor: identity.actor,
            action: change.toKey ? 'UPDATED' : 'UNTAGGED',
            extraChanges: { tag: { from: change.fromName, to: change.toName } },
          }),
        );
      }
      return { tasks: tasks.length };
    });
  }
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
