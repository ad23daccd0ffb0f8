import { badUserInput, type Knex } from '@tasklane/platform';
import type { AuditAction, TaskEvent } from '@tasklane/runtime';

export interface AuditEntry {
  id: string;
  eventId: string;
  action: AuditAction;
  taskId: string | null;
  actor: string;
  at: Date;
  changes: Record<string, unknown> | null;
}

const DEFAULT_ACTION: Record<TaskEvent['event_type'], AuditAction> = {
  created: 'CREATED',
  updated: 'UPDATED',
  completed: 'COMPLETED',
  reopened: 'REOPENED',
  deleted: 'DELETED',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIRST_MAX = 200;

interface Row {
  seq: string;
  id: string;
  event_id: string;
  action: AuditAction;
  task_id: string | null;
  actor: string;
  at: Date;
  changes: Record<string, unknown> | null;
}

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  eventId: r.event_id,
  action: r.action,
  taskId: r.task_id,
  actor: r.actor,
  at: r.at,
  changes: r.changes,
});

/** The append-only log: one entry per event, read newest first. */
export class AuditLog {
  constructor(private readonly db: Knex) {}

  /** Records a task event; false when it was already recorded (a redelivery). */
  async record(event: TaskEvent): Promise<boolean> {
    const { rows } = await this.db.raw(
      `insert into audit.entries (event_id, user_id, task_id, action, actor, at, changes)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing returning seq`,
      [
        event.event_id,
        event.user_id,
        event.task_id,
        event.action ?? DEFAULT_ACTION[event.event_type],
        event.actor ?? event.user_id,
        event.timestamp,
        JSON.stringify(event.changes ?? {}),
      ],
    );
    return rows.length > 0;
  }

  async page(userId: string, args: { taskId?: string | null; first?: number | null; after?: string | null }) {
    const first = args.first ?? 50;
    if (!Number.isInteger(first) || first < 0 || first > FIRST_MAX) throw badUserInput('first', `first must be between 0 and ${FIRST_MAX}`);
    if (args.taskId && !UUID.test(args.taskId)) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const q = this.db('audit.entries').where('user_id', userId).orderBy([{ column: 'at', order: 'desc' }, { column: 'seq', order: 'desc' }]);
    if (args.taskId) q.where('task_id', args.taskId);
    if (args.after) {
      const [at, seq] = decodeCursor(args.after);
      q.whereRaw('(at, seq) < (?::timestamptz, ?::bigint)', [at, seq]);
    }
    const rows: Row[] = await q.limit(first + 1).select('*', this.db.raw('at::text as at_text'));
    const edges = rows.slice(0, first).map((r) => ({ cursor: encodeCursor(r as Row & { at_text: string }), node: toEntry(r) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Newest-first history of many tasks of one user, `first` each. */
  async histories(userId: string, taskIds: readonly string[], first: number): Promise<Map<string, AuditEntry[]>> {
    const ids = taskIds.filter((id) => UUID.test(id));
    const rows: Row[] = ids.length
      ? (
          await this.db.raw(
            `select * from (
               select e.*, row_number() over (partition by task_id order by at desc, seq desc) as n
               from audit.entries e where user_id = ? and task_id = any(?::uuid[])
             ) ranked where n <= ? order by at desc, seq desc`,
            [userId, ids, first],
          )
        ).rows
      : [];
    const byTask = new Map<string, AuditEntry[]>(taskIds.map((id) => [id, []]));
    for (const r of rows) byTask.get(r.task_id!)?.push(toEntry(r));
    return byTask;
  }
}

function encodeCursor(row: { at_text: string; seq: string }): string {
  return Buffer.from(JSON.stringify([row.at_text, row.seq])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string') && /^\d+$/.test(value[1])) {
      return value as [string, string];
    }
  } catch {}
  throw badUserInput('after', 'Cursor is not valid; start again without after');
}
