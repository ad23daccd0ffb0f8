export { startSystem, SECRET_NAMES, type SystemOptions, type RunningSystem } from './system';
export { TokenService } from './auth/tokens';
