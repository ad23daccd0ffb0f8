import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  createDatabase,
  createLogger,
  migrate,
  startEmbeddedPostgres,
  SubgraphServer,
  type EmbeddedPostgresHandle,
  type Knex,
  type Logger,
  type SubgraphContext,
  type SubgraphModule,
} from '@tasklane/platform';
import { randomUUID } from 'node:crypto';
import {
  AppIds,
  callerOf,
  connectDapr,
  DaprRuntime,
  LocalRuntime,
  migrateRuntime,
  Topics,
  type DaprConnection,
  type ReminderEvent,
  type Runtime,
  type TaskUpdate,
} from '@tasklane/runtime';
import { createAuditSubgraph, migrateAudit } from '@tasklane/audit';
import { createRecurrenceSubgraph, migrateRecurrence } from '@tasklane/recurrence';
import { createRemindersSubgraph, migrateReminders } from '@tasklane/reminders';
import { createTagsSubgraph, migrateTags } from '@tasklane/tags';
import { createTasksSubgraph, migrateTasks } from '@tasklane/tasks';
import { migrations as gatewayMigrations, GATEWAY_SCHEMA } from '../migrations';
import { createAccountsSubgraph } from './accounts/subgraph';
import { AccountService } from './auth/accounts';
import { AuthRoutes } from './auth/routes';
import { TokenService } from './auth/tokens';
import { createGraph } from './federation/graph';
import { createApp } from './server/app';
import { GatewayMetrics } from './server/metrics';
import { serveWeb, webDist } from './server/web';
import { SubscriptionHub } from './subscriptions/hub';
import { buildSubscriptionSchema } from './subscriptions/schema';
import { startSubscriptionServer, type SubscriptionServer } from './subscriptions/server';

export interface HostedSubgraph {
  migrate(db: Knex): Promise<void>;
  create(deps: { db: Knex; runtime: Runtime; signingKey: string }): SubgraphModule<any>;
}

/** The subgraphs this process hosts unless told where another process serves them. */
export const SUBGRAPHS: Record<string, HostedSubgraph> = {
  tasks: { migrate: migrateTasks, create: createTasksSubgraph },
  tags: { migrate: migrateTags, create: createTagsSubgraph },
  recurrence: { migrate: migrateRecurrence, create: createRecurrenceSubgraph },
  reminders: { migrate: migrateReminders, create: createRemindersSubgraph },
  audit: { migrate: migrateAudit, create: createAuditSubgraph },
};

/** Secrets the local secret store may generate on first start and keep under the data folder. */
export const SECRET_NAMES = { jwt: 'JWT_SECRET', signing: 'INTERNAL_SIGNING_KEY' } as const;

export interface SystemOptions {
  /** folder for the embedded database and generated secrets */
  dataDir: string;
  /** use this PostgreSQL instead of starting the embedded one */
  databaseUrl?: string;
  port?: number;
  host?: string;
  /** true when the caller handles SIGINT/SIGTERM by calling stop() (npm start) */
  handlesSignals?: boolean;
  logger?: Logger;
  /** subgraphs to reach over HTTP instead of hosting them here, by name */
  remoteSubgraphs?: Record<string, string>;
  /** WebSocket ping interval (tests shorten it) */
  keepAliveMs?: number;
  /** events a subscription may have waiting before its client counts as too slow */
  subscriptionQueueLimit?: number;
  /**
   * The Dapr topology: this process is the gateway only, next to its sidecar; every subgraph is
   * reached through Dapr service invocation, and secrets come from Dapr's secret store.
   */
  dapr?: boolean;
}

export interface RunningSystem {
  url: string;
  port: number;
  db: Knex;
  runtime: Runtime;
  server: Server;
  subscriptions: SubscriptionServer;
  hub: SubscriptionHub;
  stop(): Promise<void>;
}

/**
 * The embedded topology: PostgreSQL (embedded or DATABASE_URL), the local runtime, every subgraph
 * in process, and the gateway in front.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const logger = options.logger ?? createLogger('tasklane');
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => logger.warn({ err }, 'shutdown step failed'));
    cleanups.length = 0;
  };
  try {
    const dapr: DaprConnection | undefined = options.dapr ? await connectDapr(logger) : undefined;
    const remoteSubgraphs = dapr
      ? Object.fromEntries(Object.keys(SUBGRAPHS).map((name) => [name, `${dapr.sidecar.url}/v1.0/invoke/${name}/method/graphql`]))
      : (options.remoteSubgraphs ?? {});
    let databaseUrl = dapr ? await dapr.secret('DATABASE_URL') : options.databaseUrl;
    if (!databaseUrl) {
      const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, 'postgres'),
        exitOnSignal: !options.handlesSignals,
      });
      cleanups.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    // every subgraph shares this pool here, and one write can nest several services' transactions
    const db = createDatabase({ url: databaseUrl, max: 60, logger: logger.child({ component: 'db' }) });
    cleanups.push(() => db.destroy());
    await migrateRuntime(db);
    await migrate(db, GATEWAY_SCHEMA, gatewayMigrations);
    const hosted = Object.entries(SUBGRAPHS).filter(([name]) => !remoteSubgraphs[name]);
    for (const [, subgraph] of hosted) await subgraph.migrate(db);

    const runtime: Runtime = dapr
      ? new DaprRuntime({ db, databaseUrl, logger: logger.child({ component: 'runtime' }), sidecar: dapr.sidecar })
      : new LocalRuntime({
          db,
          databaseUrl,
          logger: logger.child({ component: 'runtime' }),
          dataDir: options.dataDir,
          generatedSecrets: Object.values(SECRET_NAMES),
          // a subgraph served elsewhere also answers its invocations there
          peers: Object.fromEntries(Object.entries(remoteSubgraphs).map(([app, url]) => [app, new URL(url).origin])),
        });
    const secret = async (name: string) => (dapr ? dapr.secret(name) : (await runtime.secrets.get(name))!);
    const jwtSecret = await secret(SECRET_NAMES.jwt);
    const signingKey = await secret(SECRET_NAMES.signing);

    const modules: SubgraphModule<any>[] = [
      { definition: createAccountsSubgraph(db) },
      ...hosted.map(([, subgraph]) => subgraph.create({ db, runtime, signingKey })),
    ];
    const accounts = new AccountService(db);
    // notifiers ask the gateway, which owns accounts, where to reach a user
    runtime.invoker.handle(AppIds.gateway, 'user-contact', async (_payload, ctx) => {
      const { userId } = callerOf(ctx, signingKey);
      const user = (await accounts.byIds([userId])).get(userId);
      return user ? { email: user.email, name: user.name, timezone: user.timezone } : null;
    });
    const inProcess = new Map<string, SubgraphServer<SubgraphContext>>();
    for (const module of modules) {
      const server = new SubgraphServer(module.definition, signingKey, logger.child({ subgraph: module.definition.name }));
      await server.start();
      cleanups.push(() => server.stop());
      inProcess.set(server.name, server);
      await module.start?.();
      if (module.stop) cleanups.push(() => module.stop!());
    }

    const graph = createGraph({ inProcess, remote: remoteSubgraphs, signingKey, logger });
    await graph.start();
    cleanups.push(() => graph.stop());

    // Every replica hears every change (a consumer group of its own) and serves its own sockets.
    const hub = new SubscriptionHub(options.subscriptionQueueLimit);
    const replicaGroup = `${AppIds.gateway}-${randomUUID()}`;
    await runtime.pubsub.subscribe<TaskUpdate>(Topics.taskUpdates, { group: replicaGroup, startAt: 'latest' }, async ({ data }) => {
      hub.taskUpdate(data);
    });
    await runtime.pubsub.subscribe<ReminderEvent>(Topics.reminders, { group: replicaGroup, startAt: 'latest' }, async ({ data }) => {
      hub.reminderFired(data);
    });
    await runtime.start();
    cleanups.push(() => runtime.stop());

    const tokens = new TokenService(jwtSecret);
    const subscriptionSchema = buildSubscriptionSchema(graph, hub, logger);
    const server = createApp({
      graph,
      auth: new AuthRoutes(accounts, tokens),
      tokens,
      metrics: new GatewayMetrics(),
      logger,
      ready: () => runtime.ready(),
      schema: subscriptionSchema,
      runtime,
      web: serveWeb(webDist()),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const subscriptions = startSubscriptionServer({
      http: server,
      schema: subscriptionSchema,
      tokens,
      logger: logger.child({ component: 'subscriptions' }),
      keepAliveMs: options.keepAliveMs,
    });
    cleanups.push(() => subscriptions.close());
    const port = (server.address() as AddressInfo).port;
    const shownHost = !options.host || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
    return { url: `http://${shownHost}:${port}`, port, db, runtime, server, subscriptions, hub, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
