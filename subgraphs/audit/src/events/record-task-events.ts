import type { Logger } from '@tasklane/platform';
import { AppIds, Topics, type Runtime, type Subscription, type TaskEvent } from '@tasklane/runtime';
import type { AuditLog } from '../services/audit-log';

/** Every task event (including tag, recurrence and reminder changes, which arrive as task events) → one entry. */
export function recordTaskEvents(runtime: Runtime, log: AuditLog, logger: Logger): Promise<Subscription> {
  return runtime.pubsub.subscribe<TaskEvent>(Topics.taskEvents, { group: AppIds.audit }, async (message) => {
    const recorded = await log.record(message.data);
    if (!recorded) logger.debug({ eventId: message.data.event_id }, 'duplicate event ignored');
    return 'success';
  });
}
