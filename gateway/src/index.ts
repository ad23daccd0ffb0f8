export { startSystem, SECRET_NAMES, SUBGRAPHS, type HostedSubgraph, type SystemOptions, type RunningSystem } from './system';
export { TokenService } from './auth/tokens';
export { webDist } from './server/web';
