import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { IDENTITY_HEADER, signIdentity, type SubgraphContext, type SubgraphServer } from '@tasklane/platform';
import type { GatewayContext } from './context';

function identityHeader(context: GatewayContext | undefined, signingKey: string): string | undefined {
  return context?.identity ? signIdentity(context.identity, signingKey) : undefined;
}

/** A subgraph hosted in this process: same request pipeline as HTTP, signature included, no socket. */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly server: SubgraphServer<SubgraphContext>,
    private readonly signingKey: string,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const signed = identityHeader(options.context as GatewayContext, this.signingKey);
    const { query, variables, operationName } = options.request;
    return (await this.server.execute({
      headers: signed ? { [IDENTITY_HEADER]: signed } : {},
      // as on the wire: absent keys, not undefined values
      body: JSON.parse(JSON.stringify({ query, variables, operationName })),
    })) as GatewayGraphQLResponse;
  }
}

/** A subgraph behind HTTP (its own process, or through a Dapr sidecar). */
export class SignedRemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly signingKey: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    const signed = identityHeader(context as GatewayContext, this.signingKey);
    if (signed) request.http?.headers.set(IDENTITY_HEADER, signed);
  }
}
