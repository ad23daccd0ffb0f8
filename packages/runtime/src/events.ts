import { randomUUID } from 'node:crypto';
import type { OutgoingEvent } from './outbox';
import { Topics } from './topics';

/** Payloads of the three topics, as CONTRACT.md fixes them (snake_case on the wire). */
export type TaskEventType = 'created' | 'updated' | 'completed' | 'reopened' | 'deleted';

export interface FieldChange {
  from: unknown;
  to: unknown;
}

/** What the audit log calls a change; `updated` events name the specific one when there is one. */
export type AuditAction =
  | 'CREATED'
  | 'UPDATED'
  | 'COMPLETED'
  | 'REOPENED'
  | 'DELETED'
  | 'TAGGED'
  | 'UNTAGGED'
  | 'RECURRENCE_SET'
  | 'RECURRENCE_CLEARED'
  | 'REMINDER_ADDED'
  | 'REMINDER_REMOVED'
  | 'REMINDER_FIRED'
  | 'OCCURRENCE_CREATED';

export interface TaskEvent {
  event_id: string;
  event_type: TaskEventType;
  /** the audit action; defaults to the event type's (created → CREATED …) */
  action?: AuditAction;
  /** deleteTask's scope (THIS or SERIES) */
  scope?: 'THIS' | 'SERIES';
  task_id: string;
  user_id: string;
  /** who acted: the user id, `assistant:<user id>` or `system` */
  actor: string;
  /** the whole task after the change (before it, for deleted); null when the emitter does not own it */
  task_data: Record<string, unknown> | null;
  changes: Record<string, FieldChange>;
  timestamp: string;
}

export interface TaskUpdate {
  event_id: string;
  event_type: TaskEventType;
  task_id: string;
  user_id: string;
  old_status: string | null;
  new_status: string | null;
  timestamp: string;
}

export interface ReminderEvent {
  event_id: string;
  reminder_id: string;
  task_id: string;
  user_id: string;
  title: string;
  due_at: string | null;
  remind_at: string;
  fired_at: string;
  channels: string[];
}

export interface TaskChangeMessage {
  source: string;
  type: TaskEventType;
  taskId: string;
  userId: string;
  actor: string;
  taskData: Record<string, unknown> | null;
  changes: Record<string, FieldChange>;
  oldStatus: string | null;
  newStatus: string | null;
  action?: AuditAction;
  scope?: TaskEvent['scope'];
}

/** One change → its `task-events` and `task-updates` messages, sharing one event id. */
export function taskChangeMessages(change: TaskChangeMessage): OutgoingEvent[] {
  const eventId = randomUUID();
  const timestamp = new Date().toISOString();
  const event: TaskEvent = {
    event_id: eventId,
    event_type: change.type,
    ...(change.action ? { action: change.action } : {}),
    ...(change.scope ? { scope: change.scope } : {}),
    task_id: change.taskId,
    user_id: change.userId,
    actor: change.actor,
    task_data: change.taskData,
    changes: change.changes,
    timestamp,
  };
  const update: TaskUpdate = {
    event_id: eventId,
    event_type: change.type,
    task_id: change.taskId,
    user_id: change.userId,
    old_status: change.oldStatus,
    new_status: change.newStatus,
    timestamp,
  };
  return [
    { topic: Topics.taskEvents, source: change.source, id: eventId, data: event },
    { topic: Topics.taskUpdates, source: change.source, id: eventId, data: update },
  ];
}
