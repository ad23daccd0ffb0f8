import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DAPR_CONFIG, DAPR_RESOURCES, layout, ROOT } from '../src';

/** dapr/dapr.yaml (for the Dapr CLI) describes the same topology that start:distributed runs. */
describe('dapr/dapr.yaml', () => {
  const file = path.join(ROOT, 'dapr/dapr.yaml');
  const run = parse(readFileSync(file, 'utf8')) as {
    common: { resourcesPaths: string[]; configFilePath: string; env: Record<string, string>; schedulerHostAddress: string };
    apps: Array<{ appID: string; appDirPath: string; appPort: number; daprHTTPPort: number; daprGRPCPort: number; daprInternalGRPCPort: number; metricsPort: number; command: string[]; env: Record<string, string> }>;
  };
  const fromRunFile = (p: string) => path.resolve(path.dirname(file), p);

  it('lists every app with the ports and entry of the orchestrator’s layout', () => {
    expect(
      run.apps.map((a) => ({
        appId: a.appID,
        appPort: a.appPort,
        entry: a.command[1],
        ports: { http: a.daprHTTPPort, grpc: a.daprGRPCPort, internalGrpc: a.daprInternalGRPCPort, metrics: a.metricsPort },
        env: a.env.PORT,
        dir: fromRunFile(a.appDirPath),
      })),
    ).toEqual(layout().map((a) => ({ appId: a.appId, appPort: a.appPort, entry: a.entry, ports: a.ports, env: String(a.appPort), dir: ROOT })));
  });

  it('uses the same component, resiliency and configuration files, on the Dapr runtime', () => {
    expect(run.common.resourcesPaths.map(fromRunFile)).toEqual(DAPR_RESOURCES);
    expect(fromRunFile(run.common.configFilePath)).toBe(DAPR_CONFIG);
    expect(run.common.env.TASKLANE_RUNTIME).toBe('dapr');
    expect(run.common.schedulerHostAddress).toBe('127.0.0.1:6060');
  });
});
