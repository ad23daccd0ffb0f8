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

/**
 * Cron input bindings: the Dapr component of the same name (dapr/components/) has the same
 * schedule as a cron expression; the local adapter runs a timer aligned to `everyMs`.
 */
export const CronBindings = {
  /** hourly, on the hour: users whose local time is then 08:xx get their overdue digest */
  overdueDigest: { name: 'overdue-digest', everyMs: 60 * 60 * 1000, cron: '0 0 * * * *' },
} as const;

/** Output binding names. */
export const Bindings = { email: 'email' } as const;
