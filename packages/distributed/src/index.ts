export { startDistributed, Service, SECRETS_FILE, type Distributed, type DistributedOptions } from './topology';
export { installInfrastructure, ROOT, type Infrastructure } from './infrastructure';
export { startProcess, waitUntil, httpOk, portOpen, type ManagedProcess } from './process';
