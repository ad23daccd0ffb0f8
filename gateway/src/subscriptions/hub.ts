import type { ReminderEvent, TaskUpdate } from '@tasklane/runtime';
import { EventQueue } from './event-queue';

/** One change as subscribers get it; `lookups` lets the subscribers of its user share fetches and executions. */
export interface TaskChangeEvent {
  type: string;
  taskId: string;
  at: string;
  eventId: string;
  lookups: Map<string, Promise<unknown>>;
}

export interface ReminderDueEvent {
  reminderId: string;
  taskId: string;
  firedAt: string;
  lookups: Map<string, Promise<unknown>>;
}

type Kind = 'taskChanged' | 'reminderDue';

interface Listener {
  kind: Kind;
  queue: EventQueue<TaskChangeEvent | ReminderDueEvent>;
}

/** Routes each event to the subscriptions of its user on this replica, and no one else's. */
export class SubscriptionHub {
  private readonly byUser = new Map<string, Set<Listener>>();

  constructor(private readonly queueLimit = 256) {}

  subscribe(userId: string, kind: Kind, onOverflow: () => void): EventQueue<TaskChangeEvent | ReminderDueEvent> {
    const listeners = this.byUser.get(userId) ?? new Set<Listener>();
    this.byUser.set(userId, listeners);
    const listener: Listener = {
      kind,
      queue: new EventQueue(this.queueLimit, onOverflow, () => {
        listeners.delete(listener);
        if (listeners.size === 0) this.byUser.delete(userId);
      }),
    };
    listeners.add(listener);
    return listener.queue;
  }

  taskUpdate(update: TaskUpdate): number {
    return this.deliver(update.user_id, 'taskChanged', {
      type: update.event_type.toUpperCase(),
      taskId: update.task_id,
      at: update.timestamp,
      eventId: update.event_id,
      lookups: new Map(),
    });
  }

  reminderFired(event: ReminderEvent): number {
    return this.deliver(event.user_id, 'reminderDue', {
      reminderId: event.reminder_id,
      taskId: event.task_id,
      firedAt: event.fired_at ?? event.remind_at,
      lookups: new Map(),
    });
  }

  get connections(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  private deliver(userId: string, kind: Kind, event: TaskChangeEvent | ReminderDueEvent): number {
    let delivered = 0;
    for (const listener of this.byUser.get(userId) ?? []) {
      if (listener.kind !== kind) continue;
      listener.queue.push(event);
      delivered++;
    }
    return delivered;
  }
}
