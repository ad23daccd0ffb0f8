import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@tasklane/platform';
import { AppIds, CronBindings, DaprComponents, Topics } from '@tasklane/runtime';
import { startScheduler, startSidecar, type SidecarPorts } from './dapr';
import { installInfrastructure, ROOT } from './infrastructure';
import { createTopics, startKafka, type KafkaBroker } from './kafka';
import { httpOk, killAll, portOpen, startProcess, waitUntil, type ManagedProcess } from './process';

/** Where dapr/components/secretstore.yaml reads secrets (relative to the repository root). */
export const SECRETS_FILE = path.join(ROOT, '.data/distributed/secrets.json');

const SUBGRAPH_APPS = [AppIds.tasks, AppIds.tags, AppIds.recurrence, AppIds.reminders, AppIds.audit] as const;

export interface DistributedOptions {
  /** Kafka, scheduler and log folders (default `.data/distributed`) */
  dataDir?: string;
  /** use this PostgreSQL instead of an embedded one under dataDir */
  databaseUrl?: string;
  /** first gateway replica's port; replica i listens on gatewayPort + i */
  gatewayPort?: number;
  gatewayReplicas?: number;
  /** extra environment for every service (e.g. LOG_LEVEL) */
  env?: Record<string, string>;
  /** start Kafka and the scheduler from empty data (tests) */
  fresh?: boolean;
  /** SMTP for e-mail (default SMTP_URL); it reaches the `email` binding through the secret store */
  smtpUrl?: string;
  /** the overdue digest's cron schedule (default hourly on the hour; tests tick faster) */
  digestSchedule?: string;
}

/** One app process and its daprd. */
export class Service {
  app!: ManagedProcess;
  sidecar!: ManagedProcess;
  /** false once stop() or a kill asked the sidecar to end: it is not restarted then */
  private supervising = false;

  constructor(
    readonly name: string,
    readonly appId: string,
    readonly appPort: number,
    readonly ports: SidecarPorts,
    private readonly launch: { daprd: string; scheduler: string; logDir: string; entry: string; env: Record<string, string> },
  ) {}

  /** Starts the sidecar and the app together and waits until the app is ready behind its sidecar. */
  async start(): Promise<void> {
    this.supervising = true;
    this.startSidecar();
    this.app = startProcess(this.name, process.execPath, [path.join(ROOT, this.launch.entry)], {
      cwd: ROOT,
      logDir: this.launch.logDir,
      env: { TASKLANE_RUNTIME: 'dapr', DAPR_HTTP_PORT: String(this.ports.http), PORT: String(this.appPort), HOST: '127.0.0.1', ...this.launch.env },
    });
    await waitUntil(() => httpOk(`http://127.0.0.1:${this.appPort}/readyz`), [this.app], this.name, 180_000);
    // the sidecar has loaded the app's subscriptions once it reports healthy
    await waitUntil(() => httpOk(`http://127.0.0.1:${this.ports.http}/v1.0/healthz`), [this.app], `${this.name}'s sidecar`, 180_000);
  }

  /**
   * Starts daprd and restarts it with backoff whenever it exits on its own, as Kubernetes would:
   * daprd exits when a component cannot initialize (Kafka unreachable), and comes up once it can.
   */
  startSidecar(attempt = 0): void {
    this.supervising = true;
    const sidecar = startSidecar({ binary: this.launch.daprd, appId: this.appId, appPort: this.appPort, ports: this.ports, scheduler: this.launch.scheduler, logDir: this.launch.logDir, name: this.name });
    this.sidecar = sidecar;
    const started = Date.now();
    void sidecar.exited.then(() => {
      if (!this.supervising || this.sidecar !== sidecar) return;
      const next = Date.now() - started > 30_000 ? 0 : attempt + 1;
      const delay = Math.min(500 * 2 ** next, 10_000);
      setTimeout(() => {
        if (this.supervising && this.sidecar === sidecar) this.startSidecar(next);
      }, delay).unref();
    });
  }

  /** SIGKILL both processes (fault tests); nothing restarts them until start(). */
  async kill(): Promise<void> {
    this.supervising = false;
    await Promise.all([this.app.kill(), this.sidecar.kill()]);
  }

  /** SIGKILL the sidecar only, leaving the app without it until startSidecar(). */
  async killSidecar(): Promise<void> {
    this.supervising = false;
    await this.sidecar.kill();
  }

  async stop(): Promise<void> {
    this.supervising = false;
    await this.app.stop();
    await this.sidecar.stop();
  }

  /** daprd's Prometheus metrics: proof that traffic went through the sidecar. */
  async metrics(): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${this.ports.metrics}/metrics`);
    return res.text();
  }
}

export interface Distributed {
  /** the first gateway replica */
  url: string;
  gateways: Service[];
  services: Record<string, Service>;
  kafka: KafkaBroker;
  databaseUrl: string;
  logDir: string;
  stop(): Promise<void>;
}

/** What the `email` binding component reads from the secret store, from an smtp:// URL. */
function smtpSecrets(smtpUrl: string | undefined): Record<string, string> {
  if (!smtpUrl) return { SMTP_HOST: 'localhost', SMTP_PORT: '25', SMTP_USER: '', SMTP_PASSWORD: '' };
  const url = new URL(smtpUrl);
  return {
    SMTP_URL: smtpUrl,
    SMTP_HOST: url.hostname,
    SMTP_PORT: url.port || (url.protocol === 'smtps:' ? '465' : '587'),
    SMTP_USER: decodeURIComponent(url.username),
    SMTP_PASSWORD: decodeURIComponent(url.password),
  };
}

/** The local file behind the `secretstore` component: keys kept between runs, the rest from this run. */
function writeSecrets(databaseUrl: string, smtpUrl: string | undefined, digestSchedule: string): void {
  mkdirSync(path.dirname(SECRETS_FILE), { recursive: true });
  const existing = existsSync(SECRETS_FILE) ? (JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Record<string, string>) : {};
  const key = () => randomBytes(32).toString('base64url');
  const secrets = {
    JWT_SECRET: existing.JWT_SECRET ?? process.env.JWT_SECRET ?? key(),
    INTERNAL_SIGNING_KEY: existing.INTERNAL_SIGNING_KEY ?? process.env.INTERNAL_SIGNING_KEY ?? key(),
    DATABASE_URL: databaseUrl,
    ...smtpSecrets(smtpUrl),
    OVERDUE_DIGEST_SCHEDULE: digestSchedule,
  };
  writeFileSync(SECRETS_FILE, JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

export interface AppLayout {
  /** process and log name (`gateway-2` for a second replica) */
  name: string;
  appId: string;
  /** the app's main module, relative to the repository root */
  entry: string;
  appPort: number;
  ports: SidecarPorts;
}

/**
 * Every app process of the topology and its ports (dapr/dapr.yaml lists the same; a test keeps
 * them equal): apps 41xx, daprd HTTP 35xx, gRPC 36xx, internal gRPC 37xx, metrics 91xx, the
 * gateway replicas from x00, the subgraphs from x11. All below Linux's ephemeral range.
 */
export function layout(gatewayPort = 4000, replicas = 1): AppLayout[] {
  const sidecar = (n: number): SidecarPorts => ({ http: 3500 + n, grpc: 3600 + n, internalGrpc: 3700 + n, metrics: 9100 + n });
  return [
    ...SUBGRAPH_APPS.map((app, i) => ({ name: app, appId: app, entry: `subgraphs/${app}/dist/src/main.js`, appPort: 4101 + i, ports: sidecar(11 + i) })),
    ...Array.from({ length: replicas }, (_, i) => ({
      name: i === 0 ? 'gateway' : `gateway-${i + 1}`,
      appId: AppIds.gateway,
      entry: 'gateway/dist/src/main.js',
      appPort: gatewayPort + i,
      ports: sidecar(i),
    })),
  ];
}

/** Fails fast, naming the port, when another run (or anything else) holds one of ours. */
async function ensurePortsFree(gatewayPort: number, replicas: number): Promise<void> {
  const ports = [9092, 9093, 6060, 6061, 6062, 6063, 6064];
  for (const app of layout(gatewayPort, replicas)) ports.push(app.appPort, ...Object.values(app.ports));
  for (const port of ports) {
    if (await portOpen(port)) throw new Error(`port ${port} is in use: is another distributed run (or its leftover processes) still up?`);
  }
}

/**
 * The distributed topology on one machine, as dapr/dapr.yaml describes it: PostgreSQL, a Kafka
 * broker (topics created), the Dapr scheduler, every subgraph and each gateway replica as its own
 * process with its own daprd.
 */
export async function startDistributed(options: DistributedOptions = {}): Promise<Distributed> {
  const dataDir = path.resolve(options.dataDir ?? path.join(ROOT, '.data/distributed'));
  const logDir = path.join(dataDir, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  if (options.fresh) for (const dir of ['kafka', 'scheduler']) rmSync(path.join(dataDir, dir), { recursive: true, force: true });
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };
  try {
    const infra = await installInfrastructure();
    await ensurePortsFree(options.gatewayPort ?? 4000, options.gatewayReplicas ?? 1);
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), exitOnSignal: false });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    writeSecrets(databaseUrl, options.smtpUrl ?? process.env.SMTP_URL, options.digestSchedule ?? CronBindings.overdueDigest.cron);

    const [kafka, scheduler] = await Promise.all([
      startKafka({ libs: infra.kafkaLibs, dataDir: path.join(dataDir, 'kafka'), logDir }),
      startScheduler({ binary: infra.scheduler, dataDir: path.join(dataDir, 'scheduler'), logDir }),
    ]);
    stops.push(() => kafka.stop());
    stops.push(() => scheduler.process.stop());
    await createTopics(infra.kafkaLibs, kafka.bootstrap, [Topics.taskEvents, Topics.taskUpdates, Topics.reminders, DaprComponents.deadLetterTopic]);

    const gatewayPort = options.gatewayPort ?? 4000;
    const apps = layout(gatewayPort, options.gatewayReplicas ?? 1);
    const service = (app: AppLayout) =>
      new Service(app.name, app.appId, app.appPort, app.ports, { daprd: infra.daprd, scheduler: scheduler.address, logDir, entry: app.entry, env: { LOG_LEVEL: 'warn', ...options.env } });
    const services = Object.fromEntries(apps.filter((a) => a.appId !== AppIds.gateway).map((a) => [a.name, service(a)]));
    const gateways = apps.filter((a) => a.appId === AppIds.gateway).map(service);
    for (const service of [...Object.values(services), ...gateways]) stops.push(() => service.stop());
    await Promise.all([...Object.values(services), ...gateways].map((s) => s.start()));

    return { url: `http://127.0.0.1:${gatewayPort}`, gateways, services, kafka, databaseUrl, logDir, stop };
  } catch (error) {
    await stop();
    killAll(); // what had started when another part failed
    throw error;
  }
}
