import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { unauthenticated } from '@tasklane/platform';
import type { GatewayContext } from './context';

/** Only introspection (the explorer's schema fetch) runs without a valid token. */
function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));
}

export const requireAuthentication: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (!contextValue.identity && !(operation && isIntrospectionOnly(operation))) throw unauthenticated();
      },
    };
  },
};
