import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { formatError, type Logger, type SubgraphContext, type SubgraphServer } from '@tasklane/platform';
import { supergraphSdl } from '@tasklane/schema';
import { requireAuthentication } from './auth-plugin';
import type { GatewayContext } from './context';
import { InProcessDataSource, SignedRemoteDataSource } from './data-sources';

export interface GraphOptions {
  /** subgraphs hosted in this process, by name */
  inProcess: Map<string, SubgraphServer<SubgraphContext>>;
  /** URLs of subgraphs in other processes, by name */
  remote: Record<string, string>;
  signingKey: string;
  logger: Logger;
}

/** Apollo Gateway over the committed supergraph, every subgraph reached in process or over HTTP. */
export function createGraph({ inProcess, remote, signingKey, logger }: GraphOptions): ApolloServer<GatewayContext> {
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphSdl(),
    buildService: ({ name, url }): GraphQLDataSource => {
      const local = inProcess.get(name);
      if (local) return new InProcessDataSource(local, signingKey);
      const target = remote[name] ?? url;
      if (!target) throw new Error(`no location for subgraph ${name}`);
      return new SignedRemoteDataSource(target, signingKey);
    },
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  return new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [requireAuthentication],
  });
}
