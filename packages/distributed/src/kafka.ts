import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './infrastructure';
import { startProcess, waitForPort, type ManagedProcess } from './process';

const run = promisify(execFile);

export interface KafkaOptions {
  libs: string;
  dataDir: string;
  logDir: string;
  port?: number;
  controllerPort?: number;
}

export interface KafkaBroker {
  bootstrap: string;
  process: ManagedProcess;
  /** stops the broker (keeping its data) */
  stop(): Promise<void>;
  /** starts it again on the same data after a stop (fault tests) */
  restart(): Promise<void>;
}

/** One Kafka broker in KRaft mode (broker and controller in one JVM) on 127.0.0.1. */
export async function startKafka(options: KafkaOptions): Promise<KafkaBroker> {
  const port = options.port ?? 9092;
  const controllerPort = options.controllerPort ?? 9093;
  const logDirs = path.join(options.dataDir, 'log');
  const config = path.join(options.dataDir, 'server.properties');
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${logDirs}`,
      'num.partitions=4',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const classpath = `${options.libs}/*`;
  if (!existsSync(path.join(logDirs, 'meta.properties'))) {
    await run('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '--standalone', `--cluster-id=${randomBytes(16).toString('base64url')}`, '-c', config]);
  }
  const launch = () =>
    startProcess('kafka', 'java', ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', classpath, 'kafka.Kafka', config], {
      cwd: options.dataDir,
      logDir: options.logDir,
    });
  const broker: KafkaBroker = {
    bootstrap: `127.0.0.1:${port}`,
    process: launch(),
    stop: () => broker.process.stop(30_000),
    async restart() {
      broker.process = launch();
      await waitForPort(port, broker.process, 90_000);
    },
  };
  await waitForPort(port, broker.process, 90_000);
  return broker;
}

/** Creates the topics that do not exist yet (Kafka's admin client, scripts/kafka/CreateTopics.java). */
export async function createTopics(libs: string, bootstrap: string, topics: string[], partitions = 4): Promise<void> {
  await run('java', ['-cp', `${libs}/*`, path.join(ROOT, 'scripts/kafka/CreateTopics.java'), bootstrap, String(partitions), ...topics], { timeout: 60_000 });
}
