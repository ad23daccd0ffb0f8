import { Model, snakeCaseMappers } from 'objection';

export const PRIORITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type TaskStatus = 'PENDING' | 'COMPLETED';

/** A task row. Priority is stored as its rank (NONE 0 … HIGH 3) and exposed as its name. */
export class TaskModel extends Model {
  static override tableName = 'tasks.tasks';
  static override columnNameMappers = snakeCaseMappers();

  id!: string;
  userId!: string;
  title!: string;
  description!: string | null;
  status!: TaskStatus;
  priority!: Priority;
  dueAt!: Date | null;
  completedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  /** lower-case names of its tags (projection owned by the tags service) */
  tagKeys!: string[];
  recurring!: boolean;
  occurrenceKey!: string | null;

  override $parseDatabaseJson(json: Record<string, unknown>) {
    const parsed = super.$parseDatabaseJson(json);
    if (typeof parsed.priority === 'number') parsed.priority = PRIORITIES[parsed.priority];
    delete parsed.search;
    return parsed;
  }

  override $formatDatabaseJson(json: Record<string, unknown>) {
    const formatted = super.$formatDatabaseJson(json);
    if (typeof formatted.priority === 'string') formatted.priority = PRIORITIES.indexOf(formatted.priority as Priority);
    return formatted;
  }
}

/** Columns a task is read with (never the tsvector). */
export const TASK_COLUMNS = [
  'id',
  'user_id',
  'title',
  'description',
  'status',
  'priority',
  'due_at',
  'completed_at',
  'created_at',
  'updated_at',
  'tag_keys',
  'recurring',
].map((c) => `tasks.tasks.${c}`);
