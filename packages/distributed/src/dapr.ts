import path from 'node:path';
import { ROOT } from './infrastructure';
import { httpOk, startProcess, waitUntil, type ManagedProcess } from './process';

/** The same component, resiliency and configuration files as dapr/dapr.yaml. */
export const DAPR_RESOURCES = [path.join(ROOT, 'dapr/components'), path.join(ROOT, 'dapr/resiliency')];
export const DAPR_CONFIG = path.join(ROOT, 'dapr/configuration/config.yaml');

export interface SchedulerOptions {
  binary: string;
  dataDir: string;
  logDir: string;
  port?: number;
}

/**
 * The Dapr scheduler (Jobs API backend) with its embedded etcd. Every port of the topology is
 * below 32768: ports in Linux's ephemeral range can be taken by any outgoing connection.
 */
export async function startScheduler(options: SchedulerOptions): Promise<{ address: string; process: ManagedProcess }> {
  const port = options.port ?? 6060;
  const healthz = port + 1;
  const proc = startProcess(
    'scheduler',
    options.binary,
    [
      '--port', String(port),
      '--listen-address', '127.0.0.1',
      '--override-broadcast-host-port', `127.0.0.1:${port}`,
      '--healthz-port', String(healthz),
      '--healthz-listen-address', '127.0.0.1',
      '--metrics-port', String(port + 2),
      '--etcd-data-dir', options.dataDir,
      '--etcd-client-port', String(port + 3),
      '--etcd-initial-cluster', `dapr-scheduler-server-0=http://127.0.0.1:${port + 4}`,
      '--log-level', 'warn',
    ],
    { cwd: ROOT, logDir: options.logDir },
  );
  await waitUntil(() => httpOk(`http://127.0.0.1:${healthz}/healthz`), [proc], 'the Dapr scheduler', 60_000);
  return { address: `127.0.0.1:${port}`, process: proc };
}

export interface SidecarPorts {
  http: number;
  grpc: number;
  internalGrpc: number;
  metrics: number;
}

export interface SidecarOptions {
  binary: string;
  appId: string;
  appPort: number;
  ports: SidecarPorts;
  scheduler: string;
  logDir: string;
  /** a name for the log file and process (the app id, or the id of one replica) */
  name?: string;
}

/** One daprd next to one app process. Runs from the repository root: component paths are relative to it. */
export function startSidecar(options: SidecarOptions): ManagedProcess {
  const args = [
    '--app-id', options.appId,
    '--app-port', String(options.appPort),
    '--app-protocol', 'http',
    '--dapr-http-port', String(options.ports.http),
    '--dapr-grpc-port', String(options.ports.grpc),
    '--dapr-internal-grpc-port', String(options.ports.internalGrpc),
    '--dapr-listen-addresses', '127.0.0.1',
    '--metrics-port', String(options.ports.metrics),
    '--config', DAPR_CONFIG,
    '--scheduler-host-address', options.scheduler,
    '--placement-host-address', '',
    '--dapr-graceful-shutdown-seconds', '2',
    '--log-level', 'warn',
  ];
  for (const dir of DAPR_RESOURCES) args.push('--resources-path', dir);
  return startProcess(`daprd-${options.name ?? options.appId}`, options.binary, args, { cwd: ROOT, logDir: options.logDir });
}
