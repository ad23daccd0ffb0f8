/** Payloads of the three topics, as CONTRACT.md fixes them (snake_case on the wire). */
export type TaskEventType = 'created' | 'updated' | 'completed' | 'reopened' | 'deleted';

export interface FieldChange {
  from: unknown;
  to: unknown;
}

export interface TaskEvent {
  event_id: string;
  event_type: TaskEventType;
  task_id: string;
  user_id: string;
  /** who acted: the user id, `assistant:<user id>` or `system` */
  actor: string;
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
  channels: string[];
}
