import { randomUUID } from 'node:crypto';
import { AppIds, Topics, type FieldChange, type OutgoingEvent, type TaskEvent, type TaskEventType, type TaskUpdate } from '@tasklane/runtime';
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
  /** extra fields for consumers, e.g. the delete scope */
  extra?: Record<string, unknown>;
}

/** One change → its `task-events` and `task-updates` messages, sharing one event id. */
export function taskChangeEvents(change: TaskChange): OutgoingEvent[] {
  const task = (change.after ?? change.before)!;
  const eventId = randomUUID();
  const timestamp = new Date().toISOString();
  const event: TaskEvent = {
    event_id: eventId,
    event_type: change.type,
    task_id: task.id,
    user_id: task.userId,
    actor: change.actor,
    task_data: change.type === 'deleted' ? taskData(change.before!) : taskData(change.after!),
    changes: diff(change.before, change.after),
    timestamp,
    ...change.extra,
  };
  const update: TaskUpdate = {
    event_id: eventId,
    event_type: change.type,
    task_id: task.id,
    user_id: task.userId,
    old_status: change.before?.status ?? null,
    new_status: change.after?.status ?? null,
    timestamp,
  };
  return [
    { topic: Topics.taskEvents, source: AppIds.tasks, id: eventId, data: event },
    { topic: Topics.taskUpdates, source: AppIds.tasks, id: eventId, data: update },
  ];
}

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
