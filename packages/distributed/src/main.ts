import { killAll } from './process';
import { startDistributed } from './topology';

/** `npm run start:distributed`: the distributed topology on this machine until Ctrl-C. */
async function main(): Promise<void> {
  // however this process ends, it takes its services, sidecars, scheduler and broker with it
  process.on('exit', killAll);
  const started = Date.now();
  const replicas = Number(process.env.GATEWAY_REPLICAS ?? 1);
  const system = await startDistributed({ gatewayPort: Number(process.env.PORT ?? 4000), gatewayReplicas: replicas });
  console.log(`Tasklane (distributed: Dapr + Kafka) is ready at ${system.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (explorer: ${system.url}/graphql; logs: ${system.logDir})`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('stopping every service, sidecar, the scheduler, Kafka and PostgreSQL…');
    void system.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('Tasklane (distributed) failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
