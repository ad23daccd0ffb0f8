/** Pub/sub topic names: the only place they are spelled. */
export const Topics = {
  taskEvents: 'task-events',
  reminders: 'reminders',
  taskUpdates: 'task-updates',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** App ids, shared by service invocation, consumer groups and Dapr app ids. */
export const AppIds = {
  gateway: 'gateway',
  tasks: 'tasks',
  tags: 'tags',
  recurrence: 'recurrence',
  reminders: 'reminders',
  audit: 'audit',
} as const;
