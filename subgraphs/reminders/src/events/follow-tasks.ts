import { AppIds, Topics, type Runtime, type Subscription, type TaskEvent } from '@tasklane/runtime';
import type { ReminderService } from '../services/reminder-service';

/** Keeps the task facts reminders need, and cancels reminders of completed or deleted tasks. */
export function followTasks(runtime: Runtime, service: ReminderService): Promise<Subscription> {
  return runtime.pubsub.subscribe<TaskEvent>(Topics.taskEvents, { group: AppIds.reminders }, async ({ data }) => {
    await service.taskEvent(data.user_id, data.task_id, data.event_type, data.task_data);
  });
}
