import { AppIds, Topics, type Runtime, type Subscription, type TaskEvent } from '@tasklane/runtime';
import type { RecurrenceService } from '../services/recurrence-service';

/** Completions make next occurrences; updates and deletions keep series in step. */
export function followTasks(runtime: Runtime, service: RecurrenceService): Promise<Subscription> {
  return runtime.pubsub.subscribe<TaskEvent>(Topics.taskEvents, { group: AppIds.recurrence }, async ({ data }) => {
    await service.onTaskEvent(data);
  });
}
