import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root (the package.json with workspaces): component files, scripts and the built services. */
export const ROOT = ((): string => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in JSON.parse(readFileSync(manifest, 'utf8'))) return dir;
  }
  throw new Error('cannot find the repository root');
})();

export interface Infrastructure {
  daprd: string;
  scheduler: string;
  /** folder of the Kafka broker's jars */
  kafkaLibs: string;
}

async function install(script: string): Promise<string> {
  const started = Date.now();
  // the scripts print progress on stderr and the installed folder on stdout; a warm cache is instant
  const child = execFile('bash', [path.join(ROOT, 'scripts', script)], { maxBuffer: 64 * 1024 * 1024 });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const stdout = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    // 'close', not 'exit': output may still be in flight when the process exits
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`scripts/${script} failed with exit code ${code}`))));
  });
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 5) process.stderr.write(`${script}: ${seconds.toFixed(0)} s\n`);
  return stdout.trim().split('\n').at(-1)!;
}

/** Builds or reuses the cached Dapr runtime and Kafka broker (scripts/install-*.sh). */
export async function installInfrastructure(): Promise<Infrastructure> {
  const [dapr, kafka] = await Promise.all([install('install-dapr.sh'), install('install-kafka.sh')]);
  return { daprd: path.join(dapr, 'daprd'), scheduler: path.join(dapr, 'scheduler'), kafkaLibs: path.join(kafka, 'libs') };
}

