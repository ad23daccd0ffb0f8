import path from 'node:path';
import { isDatabaseReachable, type Knex, type Logger } from '@tasklane/platform';
import { OUTBOX_CHANNEL, OutboxRelay } from '../outbox';
import type { Envelope, MessageHandler, PubSub, Runtime, SubscribeOptions, Subscription } from '../port';
import { LocalBindings, LocalCron } from './bindings';
import { invocationRoute } from './http-invocation';
import { InProcessInvoker } from './invoker';
import { JOBS_CHANNEL, JobTimer } from './job-timer';
import { LogConsumer } from './log-consumer';
import { LOG_CHANNEL, LogPublisher } from './log-publisher';
import { PgListener } from './pg-listener';
import { EnvFileSecretStore } from './secrets';
import { TableStateStore } from './state';

export interface LocalRuntimeOptions {
  db: Knex;
  /** connection string for the LISTEN connection (the pool's cannot hold one) */
  databaseUrl: string;
  logger: Logger;
  /** folder for generated secrets */
  dataDir: string;
  /** secret names the store may generate when neither env nor file has them */
  generatedSecrets?: readonly string[];
  /** base URLs of processes hosting other apps, for invocations this process cannot serve */
  peers?: Record<string, string>;
}

/** Messages about one task stay in order, side by side with other tasks'; anything else is one ordered stream. */
const taskKey = (message: Envelope): string => {
  const data = message.data as { task_id?: unknown } | null;
  return typeof data?.task_id === 'string' ? data.task_id : message.topic;
};

/** How often consumers look again without a notification (a replica taking over a group). */
const CONSUMER_SAFETY_MS = 1_000;

/** The embedded default: every building block on PostgreSQL, in this process. */
export class LocalRuntime implements Runtime, PubSub {
  readonly kind = 'local' as const;
  readonly publisher = new LogPublisher();
  readonly state;
  readonly secrets;
  readonly invoker: InProcessInvoker;
  readonly jobs;
  readonly bindings: LocalBindings;
  readonly cron: LocalCron;
  readonly appRoutes;
  private readonly listener;
  private readonly relay;
  private readonly consumers = new Set<LogConsumer>();
  private safetyTimer?: NodeJS.Timeout;

  constructor(private readonly options: LocalRuntimeOptions) {
    this.invoker = new InProcessInvoker(options.peers);
    this.appRoutes = invocationRoute(this.invoker);
    this.state = new TableStateStore(options.db);
    this.secrets = new EnvFileSecretStore(path.join(options.dataDir, 'secrets.json'), options.generatedSecrets ?? []);
    this.jobs = new JobTimer(options.db, options.logger.child({ component: 'jobs' }));
    this.bindings = new LocalBindings(this.secrets);
    this.cron = new LocalCron(options.logger.child({ component: 'cron' }));
    this.listener = new PgListener(options.databaseUrl, options.logger.child({ component: 'listener' }));
    this.relay = new OutboxRelay(options.db, this.publisher, options.logger.child({ component: 'relay' }));
    this.listener.on(OUTBOX_CHANNEL, () => this.relay.wake());
    this.listener.on(LOG_CHANNEL, () => this.consumers.forEach((c) => c.wake()));
    this.listener.on(JOBS_CHANNEL, () => void this.jobs.arm());
  }

  get pubsub(): PubSub {
    return this;
  }

  async subscribe<T>(topic: string, options: SubscribeOptions, handler: MessageHandler<T>): Promise<Subscription> {
    const consumer = new LogConsumer(
      this.options.db,
      topic,
      { startAt: 'earliest', maxAttempts: 10, partitionKey: taskKey, concurrency: 4, ...options },
      handler as MessageHandler,
      this.options.logger.child({ component: 'consumer', group: options.group, topic }),
    );
    await consumer.init();
    this.consumers.add(consumer);
    consumer.wake();
    return {
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.close();
      },
    };
  }

  async start(): Promise<void> {
    await this.listener.start();
    this.relay.start();
    this.jobs.start();
    this.cron.start();
    this.safetyTimer = setInterval(() => this.consumers.forEach((c) => c.wake()), CONSUMER_SAFETY_MS);
    this.safetyTimer.unref();
  }

  async ready(): Promise<boolean> {
    return this.listener.connected && (await isDatabaseReachable(this.options.db));
  }

  unavailable(): undefined {
    return undefined;
  }

  async stop(): Promise<void> {
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    this.jobs.stop();
    this.cron.stop();
    this.bindings.close();
    await Promise.all([...this.consumers].map((c) => c.close()));
    this.consumers.clear();
    await this.relay.stop();
    await this.jobs.drained();
    await this.listener.stop();
  }
}
