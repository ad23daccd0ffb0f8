import type { Identity, Logger } from '@tasklane/platform';

export interface GatewayContext {
  /** null when the request has no valid bearer token */
  identity: Identity | null;
  logger: Logger;
}
