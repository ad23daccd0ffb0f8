import { AppIds, Topics, type Runtime, type Subscription, type TaskEvent } from '@tasklane/runtime';
import type { TagService } from '../services/tag-service';

/** A deleted task drops its assignments, so tag counts stay true. */
export function forgetDeletedTasks(runtime: Runtime, service: TagService): Promise<Subscription> {
  return runtime.pubsub.subscribe<TaskEvent>(Topics.taskEvents, { group: AppIds.tags }, async ({ data }) => {
    if (data.event_type === 'deleted') await service.forgetTask(data.task_id);
  });
}
