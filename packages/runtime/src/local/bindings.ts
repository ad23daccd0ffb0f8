import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '@tasklane/platform';
import type { CronHandler, CronTriggers, OutputBindings, SecretStore } from '../port';
import { Bindings, CronBindings } from '../topics';

/** Local output bindings: `email` over SMTP (SMTP_URL from the secret store) with nodemailer. */
export class LocalBindings implements OutputBindings {
  private transport?: Promise<Transporter>;

  constructor(private readonly secrets: SecretStore) {}

  async invoke(name: string, operation: string, data: unknown, metadata: Record<string, string> = {}): Promise<void> {
    if (name !== Bindings.email || operation !== 'create') throw new Error(`no output binding ${name}/${operation} here`);
    this.transport ??= this.secrets.get('SMTP_URL').then((url) => {
      if (!url) throw new Error('SMTP_URL is not set');
      return nodemailer.createTransport(url);
    });
    await (await this.transport).sendMail({ from: metadata.emailFrom, to: metadata.emailTo, subject: metadata.subject, text: String(data) });
  }

  close(): void {
    void this.transport?.then((t) => t.close(), () => undefined);
  }
}

/** Local cron bindings: one timer per schedule, aligned to its period (on the hour for hourly). */
export class LocalCron implements CronTriggers {
  private readonly handlers = new Map<string, CronHandler>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = true;

  constructor(private readonly logger: Logger) {}

  onTick(name: string, handler: CronHandler): void {
    this.handlers.set(name, handler);
    if (!this.stopped) this.arm(name);
  }

  start(): void {
    this.stopped = false;
    for (const name of this.handlers.keys()) this.arm(name);
  }

  /** Runs a schedule's handler now (what the timer does at each tick). */
  async trigger(name: string): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`no handler for cron binding ${name}`);
    await handler();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(name: string): void {
    const schedule = Object.values(CronBindings).find((c) => c.name === name);
    if (!schedule) throw new Error(`no cron schedule named ${name}`);
    clearTimeout(this.timers.get(name));
    const wait = schedule.everyMs - (Date.now() % schedule.everyMs);
    const timer = setTimeout(() => {
      this.handlers.get(name)!().catch((error) => this.logger.warn({ err: error, cron: name }, 'cron handler failed'));
      if (!this.stopped) this.arm(name);
    }, wait);
    timer.unref();
    this.timers.set(name, timer);
  }
}
