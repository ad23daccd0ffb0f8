import type { Knex, Logger } from '@tasklane/platform';
import { Bindings, processOnce, Topics, type ReminderEvent, type Runtime, type Subscription } from '@tasklane/runtime';
import type { ReminderService } from '../services/reminder-service';
import { userContact } from './user-contact';

const CONSUMER = 'email-notifier';

/**
 * Sends an e-mail for each fired reminder with the EMAIL channel, through the runtime's `email`
 * output binding (SMTP). Once per event: the send and the inbox row commit together (a failed
 * send rolls back and is retried with backoff).
 */
export class EmailNotifier {
  private subscription?: Subscription;

  constructor(
    private readonly db: Knex,
    private readonly runtime: Runtime,
    private readonly reminders: ReminderService,
    private readonly signingKey: string,
    private readonly from: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.runtime.pubsub.subscribe<ReminderEvent>(Topics.reminders, { group: CONSUMER }, async ({ data }) => {
      if (!data.channels.includes('EMAIL')) return;
      await processOnce(this.db, CONSUMER, data.event_id, async () => {
        const user = await userContact(this.runtime, this.signingKey, data.user_id);
        if (!user) return;
        const due = data.due_at ? ` (due ${new Date(data.due_at).toUTCString()})` : '';
        await this.runtime.bindings.invoke(Bindings.email, 'create', `Hello${user.name ? ` ${user.name}` : ''},\n\nThis is your reminder for "${data.title}"${due}.\n\n— Tasklane`, {
          emailFrom: this.from,
          emailTo: user.email,
          subject: `Reminder: ${data.title}`,
        });
        await this.reminders.recordDelivery(data.reminder_id, { channel: 'EMAIL', status: 'DELIVERED', detail: `sent to ${user.email}`, at: new Date().toISOString() });
        this.logger.info({ reminderId: data.reminder_id }, 'reminder e-mail sent');
      });
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
  }
}
