export { startDistributed, layout, Service, SECRETS_FILE, type AppLayout, type Distributed, type DistributedOptions } from './topology';
export { DAPR_CONFIG, DAPR_RESOURCES } from './dapr';
export { installInfrastructure, ROOT, type Infrastructure } from './infrastructure';
export { startProcess, waitUntil, httpOk, portOpen, killAll, type ManagedProcess } from './process';
