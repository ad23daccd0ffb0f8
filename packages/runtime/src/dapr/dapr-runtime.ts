import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDatabaseReachable, type Knex, type Logger } from '@tasklane/platform';
import { OUTBOX_CHANNEL, OutboxRelay } from '../outbox';
import { PgListener } from '../local/pg-listener';
import type { Runtime } from '../port';
import { invocationRoute } from '../local/http-invocation';
import { InProcessInvoker } from '../local/invoker';
import { DaprBindings, DaprCron } from './dapr-bindings';
import { DaprJobs } from './dapr-jobs';
import { DaprPublisher } from './dapr-publisher';
import { DaprPubSub } from './dapr-pubsub';
import { DaprSecretStore, DaprStateStore } from './dapr-state';
import { Sidecar } from './sidecar';

/** Component names, as in dapr/components/. */
export const DaprComponents = {
  pubsub: 'pubsub',
  fanout: 'pubsub-fanout',
  statestore: 'statestore',
  secretstore: 'secretstore',
  deadLetterTopic: 'dead-letters',
} as const;

export interface DaprRuntimeOptions {
  db: Knex;
  /** for the LISTEN connection that wakes the relay at each commit */
  databaseUrl: string;
  logger: Logger;
  sidecar: Sidecar;
}

/**
 * The distributed topology: every building block through this app's Dapr sidecar. The outbox
 * stays in PostgreSQL (a change and its events commit together); its relay publishes to Kafka
 * through Dapr. Invocations go through the sidecar to the target app's `POST /invoke/<app>/<method>`.
 */
export class DaprRuntime implements Runtime {
  readonly kind = 'dapr' as const;
  readonly pubsub: DaprPubSub;
  readonly publisher: DaprPublisher;
  readonly state: DaprStateStore;
  readonly secrets: DaprSecretStore;
  readonly invoker: InProcessInvoker;
  readonly jobs: DaprJobs;
  readonly bindings: DaprBindings;
  readonly cron: DaprCron;
  private readonly relay: OutboxRelay;
  private readonly listener: PgListener;
  private readonly invocations;

  constructor(private readonly options: DaprRuntimeOptions) {
    const { sidecar, logger, db } = options;
    this.pubsub = new DaprPubSub({ shared: DaprComponents.pubsub, fanout: DaprComponents.fanout, deadLetterTopic: DaprComponents.deadLetterTopic }, logger.child({ component: 'pubsub' }));
    this.publisher = new DaprPublisher(sidecar, DaprComponents.pubsub);
    this.state = new DaprStateStore(sidecar, DaprComponents.statestore);
    this.secrets = new DaprSecretStore(sidecar, DaprComponents.secretstore);
    this.invoker = new InProcessInvoker((appId) => `${sidecar.url}/v1.0/invoke/${appId}/method`);
    this.jobs = new DaprJobs(db, sidecar, logger.child({ component: 'jobs' }));
    this.bindings = new DaprBindings(sidecar);
    this.cron = new DaprCron(logger.child({ component: 'cron' }));
    this.relay = new OutboxRelay(db, this.publisher, logger.child({ component: 'relay' }));
    this.listener = new PgListener(options.databaseUrl, logger.child({ component: 'listener' }));
    this.listener.on(OUTBOX_CHANNEL, () => this.relay.wake());
    this.invocations = invocationRoute(this.invoker);
  }

  /** What daprd calls on this app: subscriptions, events, job callbacks, cron bindings, invocations. */
  readonly appRoutes = (req: IncomingMessage, res: ServerResponse): boolean =>
    this.pubsub.route(req, res) || this.jobs.route(req, res) || this.cron.route(req, res) || this.invocations(req, res);

  unavailable(): string | undefined {
    return this.options.sidecar.lastSeenHealthy ? undefined : `The Dapr sidecar at ${this.options.sidecar.url} is not reachable; try again shortly`;
  }

  async start(): Promise<void> {
    this.options.sidecar.watch();
    await this.listener.start();
    this.relay.start();
    this.jobs.start();
  }

  async ready(): Promise<boolean> {
    const [sidecar, db] = await Promise.all([this.options.sidecar.healthy(), isDatabaseReachable(this.options.db)]);
    return sidecar && db;
  }

  async stop(): Promise<void> {
    this.jobs.stop();
    this.options.sidecar.unwatch();
    await this.relay.stop();
    await this.jobs.drained();
    await this.listener.stop();
    await this.options.sidecar.stop();
  }
}
