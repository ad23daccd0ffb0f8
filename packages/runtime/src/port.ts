import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Knex } from 'knex';

/** What a subscriber tells the broker, as in Dapr's subscriber contract. */
export type DeliveryStatus = 'success' | 'retry' | 'drop';

/** A delivered message: the CloudEvent fields we rely on. */
export interface Envelope<T = unknown> {
  id: string;
  topic: string;
  source: string;
  time: string;
  data: T;
}

export type MessageHandler<T = unknown> = (message: Envelope<T>) => Promise<DeliveryStatus | void>;

export interface SubscribeOptions {
  /** consumer group; every group receives every message once (at least once) */
  group: string;
  /** where a group that has never consumed starts: `earliest` for services, `latest` for live fan-out */
  startAt?: 'earliest' | 'latest';
  /** delivery attempts before a message goes to the dead-letter topic */
  maxAttempts?: number;
  /**
   * Messages with the same key are delivered in order, one at a time; different keys may be
   * delivered concurrently (like Kafka partitions). Default: the payload's task_id, else the topic.
   */
  partitionKey?: (message: Envelope) => string;
  /** how many keys are delivered at once */
  concurrency?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

/** Publishing happens only through the outbox (see outbox.ts); the relay hands rows to a Publisher. */
export interface Publisher {
  /** publish in order; throwing leaves the batch unpublished for the next relay round */
  publish(batch: OutboxMessage[], trx: Knex.Transaction): Promise<void>;
}

export interface OutboxMessage {
  seq: string;
  id: string;
  topic: string;
  source: string;
  time: string;
  data: unknown;
}

export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface SecretStore {
  /** the secret, or undefined when the store has none by that name */
  get(name: string): Promise<string | undefined>;
}

export interface InvocationContext {
  /** the signed identity header of the caller, forwarded as is */
  identity?: string;
}

export type InvocationHandler = (payload: unknown, context: InvocationContext) => Promise<unknown>;

export interface ServiceInvoker {
  /** register a method this app answers; the local adapter calls it in process */
  handle(appId: string, method: string, handler: InvocationHandler): void;
  invoke<T>(appId: string, method: string, payload: unknown, context?: InvocationContext): Promise<T>;
}

export interface Job<T = unknown> {
  name: string;
  dueAt: Date;
  data: T;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<void>;

export interface JobScheduler {
  /** register the callback for jobs of an app whose names start with `prefix` */
  onJob<T>(appId: string, prefix: string, handler: JobHandler<T>): void;
  /** (re)schedule a named job for an exact time; a past time fires at once */
  schedule(appId: string, job: Job, trx?: Knex.Transaction): Promise<void>;
  cancel(appId: string, name: string, trx?: Knex.Transaction): Promise<void>;
}

/** Output bindings by component name (Dapr's bindings building block). `email`: data is the text, metadata emailFrom, emailTo, subject. */
export interface OutputBindings {
  invoke(name: string, operation: string, data: unknown, metadata?: Record<string, string>): Promise<void>;
}

export type CronHandler = () => Promise<void>;

/** Input cron bindings: each named schedule (see CronBindings in topics.ts) calls its handler. */
export interface CronTriggers {
  onTick(name: string, handler: CronHandler): void;
}

export interface PubSub {
  subscribe<T>(topic: string, options: SubscribeOptions, handler: MessageHandler<T>): Promise<Subscription>;
}

/** The one interface every service uses for infrastructure. Adapters: local (embedded) and dapr. */
export interface Runtime {
  readonly kind: 'local' | 'dapr';
  readonly pubsub: PubSub;
  readonly publisher: Publisher;
  readonly state: StateStore;
  readonly secrets: SecretStore;
  readonly invoker: ServiceInvoker;
  readonly jobs: JobScheduler;
  readonly bindings: OutputBindings;
  readonly cron: CronTriggers;
  /** routes the app's HTTP server must serve for the runtime (invocations; Dapr's callbacks); false for other paths */
  readonly appRoutes: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** starts timers, listeners and the outbox relay */
  start(): Promise<void>;
  /** true while the adapter can reach what it depends on */
  ready(): Promise<boolean>;
  /** why requests cannot be served right now (the sidecar is gone), or undefined; cheap, no I/O */
  unavailable(): string | undefined;
  stop(): Promise<void>;
}
