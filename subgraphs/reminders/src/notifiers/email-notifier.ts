import nodemailer, { type Transporter } from 'nodemailer';
import type { Knex, Logger } from '@tasklane/platform';
import { AppIds, onBehalfOf, processOnce, Topics, type ReminderEvent, type Runtime, type Subscription } from '@tasklane/runtime';
import type { ReminderService } from '../services/reminder-service';

const CONSUMER = 'email-notifier';

export interface EmailNotifierOptions {
  smtpUrl: string;
  from: string;
}

/**
 * Sends an e-mail for each fired reminder with the EMAIL channel. Once per event: the send and the
 * inbox row commit together (a failed send rolls back and is retried with backoff).
 */
export class EmailNotifier {
  private readonly transport: Transporter;
  private subscription?: Subscription;

  constructor(
    private readonly db: Knex,
    private readonly runtime: Runtime,
    private readonly reminders: ReminderService,
    private readonly signingKey: string,
    private readonly options: EmailNotifierOptions,
    private readonly logger: Logger,
  ) {
    this.transport = nodemailer.createTransport(options.smtpUrl);
  }

  async start(): Promise<void> {
    this.subscription = await this.runtime.pubsub.subscribe<ReminderEvent>(Topics.reminders, { group: CONSUMER }, async ({ data }) => {
      if (!data.channels.includes('EMAIL')) return;
      await processOnce(this.db, CONSUMER, data.event_id, async () => {
        const user = await this.runtime.invoker.invoke<{ email: string; name: string | null }>(
          AppIds.gateway,
          'user-contact',
          {},
          onBehalfOf({ userId: data.user_id, actor: 'system' }, this.signingKey),
        );
        const due = data.due_at ? ` (due ${new Date(data.due_at).toUTCString()})` : '';
        await this.transport.sendMail({
          from: this.options.from,
          to: user.email,
          subject: `Reminder: ${data.title}`,
          text: `Hello${user.name ? ` ${user.name}` : ''},\n\nThis is your reminder for "${data.title}"${due}.\n\n— Tasklane`,
        });
        await this.reminders.recordDelivery(data.reminder_id, { channel: 'EMAIL', status: 'DELIVERED', detail: `sent to ${user.email}`, at: new Date().toISOString() });
        this.logger.info({ reminderId: data.reminder_id }, 'reminder e-mail sent');
      });
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.transport.close();
  }
}
