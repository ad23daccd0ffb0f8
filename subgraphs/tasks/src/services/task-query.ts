import { createHash } from 'node:crypto';
import { badUserInput, type Knex } from '@tasklane/platform';
import { PRIORITIES, TASK_COLUMNS, type Priority, type TaskStatus } from '../models/task';

export type SortField = 'DUE_AT' | 'PRIORITY' | 'CREATED_AT' | 'UPDATED_AT' | 'TITLE';
export type SortDirection = 'ASC' | 'DESC';

export interface TaskSort {
  field: SortField;
  direction?: SortDirection | null;
}

export interface TaskFilter {
  status?: TaskStatus | null;
  priorities?: Priority[] | null;
  dueAfter?: Date | null;
  dueBefore?: Date | null;
  hasDueDate?: boolean | null;
  overdue?: boolean | null;
  /** has every one of these tags */
  tags?: string[] | null;
  /** has at least one of these tags */
  anyTags?: string[] | null;
  recurring?: boolean | null;
}

/** How tag names are compared everywhere: case-insensitively, trimmed. */
export const tagKey = (name: string) => name.trim().toLowerCase();

export interface TaskListQuery {
  userId: string;
  filter?: TaskFilter | null;
  search?: string;
  sort?: TaskSort[] | null;
  first: number;
  after?: string | null;
  now: Date;
}

interface SortKey {
  sql: string;
  bindings: Knex.RawBinding[];
  cast: 'timestamptz' | 'smallint' | 'text' | 'real' | 'uuid';
  desc: boolean;
}

const FIELD_KEYS: Record<SortField, (desc: boolean) => Omit<SortKey, 'desc'>> = {
  // Tasks without a due date come last either way.
  DUE_AT: (desc) => ({ sql: `coalesce(due_at, '${desc ? '-infinity' : 'infinity'}'::timestamptz)`, bindings: [], cast: 'timestamptz' }),
  PRIORITY: () => ({ sql: 'priority', bindings: [], cast: 'smallint' }),
  CREATED_AT: () => ({ sql: 'created_at', bindings: [], cast: 'timestamptz' }),
  UPDATED_AT: () => ({ sql: 'updated_at', bindings: [], cast: 'timestamptz' }),
  // Case- and accent-insensitive, in code-point order whatever the cluster's locale.
  TITLE: () => ({ sql: 'tasks.fold(title) collate "C"', bindings: [], cast: 'text' }),
};

/** Search terms → a prefix tsquery text: every term must match, each also as a word prefix. */
export function toPrefixQuery(search: string): string | undefined {
  const terms = search.split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 32);
  return terms.length ? terms.map((t) => `${t}:*`).join(' & ') : undefined;
}

/**
 * Builds the filtered, searched, sorted, keyset-paged task list. Sort keys end with created_at
 * then id (in the direction of the last key), so the order is total and pages never skip or
 * repeat; a cursor holds the last row's key values and a hash of the ordering it belongs to.
 */
export class TaskListBuilder {
  private readonly tsquery?: string;
  private readonly keys: SortKey[];
  private readonly orderingHash: string;

  constructor(private readonly q: TaskListQuery) {
    this.tsquery = q.search ? toPrefixQuery(q.search) : undefined;
    this.keys = this.sortKeys();
    // Derived from the resolved keys, so two spellings of one ordering share cursors.
    this.orderingHash = createHash('sha1')
      .update(JSON.stringify(this.keys.map((k) => [k.sql, k.desc, k.bindings])))
      .digest('base64url')
      .slice(0, 10);
  }

  private sortKeys(): SortKey[] {
    const keys: SortKey[] = [];
    const sorts = this.q.sort ?? [];
    for (const s of sorts) keys.push({ ...FIELD_KEYS[s.field](s.direction === 'DESC'), desc: s.direction === 'DESC' });
    if (sorts.length === 0) {
      if (this.tsquery) keys.push({ sql: `ts_rank(search, to_tsquery('simple', tasks.fold(?)))`, bindings: [this.tsquery], cast: 'real', desc: true });
      else keys.push({ ...FIELD_KEYS.CREATED_AT(true), desc: true });
    }
    const desc = keys[keys.length - 1].desc;
    if (!keys.some((k) => k.sql === 'created_at')) keys.push({ ...FIELD_KEYS.CREATED_AT(desc), desc });
    keys.push({ sql: 'id', bindings: [], cast: 'uuid', desc });
    return keys;
  }

  /** The WHERE shared by the page and the count. */
  applyFilter(qb: Knex.QueryBuilder): Knex.QueryBuilder {
    const { userId, filter, now } = this.q;
    qb.where('user_id', userId);
    if (filter?.status) qb.where('status', filter.status);
    if (filter?.priorities?.length) qb.whereIn('priority', filter.priorities.map((p) => PRIORITIES.indexOf(p)));
    if (filter?.dueAfter) qb.where('due_at', '>=', filter.dueAfter);
    if (filter?.dueBefore) qb.where('due_at', '<=', filter.dueBefore);
    if (filter?.hasDueDate === true) qb.whereNotNull('due_at');
    if (filter?.hasDueDate === false) qb.whereNull('due_at');
    if (filter?.overdue === true) qb.where('status', 'PENDING').where('due_at', '<', now);
    if (filter?.overdue === false) qb.whereRaw(`not (status = 'PENDING' and due_at is not null and due_at < ?)`, [now]);
    if (filter?.tags?.length) qb.whereRaw('tag_keys @> ?::text[]', [filter.tags.map(tagKey)]);
    if (filter?.anyTags?.length) qb.whereRaw('tag_keys && ?::text[]', [filter.anyTags.map(tagKey)]);
    if (filter?.recurring != null) qb.where('recurring', filter.recurring);
    if (this.tsquery) qb.whereRaw(`search @@ to_tsquery('simple', tasks.fold(?))`, [this.tsquery]);
    return qb;
  }

  /** The page query: one row more than asked, to know whether another page follows. */
  page(db: Knex): Knex.QueryBuilder {
    const qb = db.from('tasks.tasks').select(TASK_COLUMNS);
    this.keys.forEach((k, i) => qb.select(db.raw(`(${k.sql})::text as ??`, [...k.bindings, `__k${i}`])));
    this.applyFilter(qb);
    if (this.q.after) this.applyCursor(qb, this.decodeCursor(this.q.after));
    for (const k of this.keys) qb.orderByRaw(`${k.sql} ${k.desc ? 'desc' : 'asc'}`, k.bindings);
    return qb.limit(this.q.first + 1);
  }

  count(db: Knex): Knex.QueryBuilder {
    return this.applyFilter(db.from('tasks.tasks').count<{ count: string }[]>('* as count'));
  }

  cursorOf(row: Record<string, unknown>): string {
    const values = this.keys.map((_, i) => row[`__k${i}`]);
    return Buffer.from(JSON.stringify({ h: this.orderingHash, v: values })).toString('base64url');
  }

  private decodeCursor(cursor: string): string[] {
    try {
      const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { h: string; v: string[] };
      if (decoded.h !== this.orderingHash || !Array.isArray(decoded.v) || decoded.v.length !== this.keys.length) throw new Error();
      if (!decoded.v.every((v) => typeof v === 'string')) throw new Error();
      return decoded.v;
    } catch {
      throw badUserInput('after', 'Cursor is not valid for this filter, search and sort; start again without after');
    }
  }

  /** Rows strictly after the cursor in the sort order (lexicographic over the keys). */
  private applyCursor(qb: Knex.QueryBuilder, values: string[]): void {
    const uniform = this.keys.every((k) => k.desc === this.keys[0].desc);
    if (uniform) {
      // One row comparison: lets PostgreSQL walk an index when the keys share a direction.
      const left = this.keys.map((k) => k.sql).join(', ');
      const right = this.keys.map((k) => `?::${k.cast}`).join(', ');
      qb.whereRaw(`(${left}) ${this.keys[0].desc ? '<' : '>'} (${right})`, [
        ...this.keys.flatMap((k) => k.bindings),
        ...values,
      ]);
      return;
    }
    qb.where((outer) => {
      this.keys.forEach((key, i) => {
        outer.orWhere((inner) => {
          for (let j = 0; j < i; j++) {
            const k = this.keys[j];
            inner.whereRaw(`${k.sql} = ?::${k.cast}`, [...k.bindings, values[j]]);
          }
          inner.whereRaw(`${key.sql} ${key.desc ? '<' : '>'} ?::${key.cast}`, [...key.bindings, values[i]]);
        });
      });
    });
  }
}
