import { AppIds, taskChangeMessages, type AuditAction, type FieldChange, type OutgoingEvent, type TaskEvent, type TaskEventType } from '@tasklane/runtime';
import type { TaskModel } from '../models/task';

/** The task as events carry it (`task_data`). */
export function taskData(task: TaskModel): Record<string, unknown> {
  return {
    id: task.id,
    user_id: task.userId,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    due_at: iso(task.dueAt),
    completed_at: iso(task.completedAt),
    created_at: iso(task.createdAt),
    updated_at: iso(task.updatedAt),
    tags: task.tagKeys ?? [],
    recurring: task.recurring ?? false,
  };
}

const TRACKED = ['title', 'description', 'status', 'priority', 'dueAt', 'completedAt'] as const;

/** `{field: {from, to}}` for every tracked field that differs. */
export function diff(before: TaskModel | null, after: TaskModel | null): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of TRACKED) {
    const from = before ? normalize(before[field]) : null;
    const to = after ? normalize(after[field]) : null;
    if (from !== to) changes[field] = { from, to };
  }
  return changes;
}

export interface TaskChange {
  type: TaskEventType;
  before: TaskModel | null;
  after: TaskModel | null;
  actor: string;
  action?: AuditAction;
  scope?: TaskEvent['scope'];
  /** changes the task row does not show (tags, recurrence) */
  extraChanges?: Record<string, FieldChange>;
}

/** A change of a task row → its task-events and task-updates messages. */
export function taskChangeEvents(change: TaskChange): OutgoingEvent[] {
  const task = (change.after ?? change.before)!;
  return taskChangeMessages({
    source: AppIds.tasks,
    type: change.type,
    taskId: task.id,
    userId: task.userId,
    actor: change.actor,
    taskData: taskData(task),
    changes: { ...diff(change.before, change.after), ...change.extraChanges },
    oldStatus: change.before?.status ?? null,
    newStatus: change.after?.status ?? null,
    action: change.action,
    scope: change.scope,
  });
}

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
