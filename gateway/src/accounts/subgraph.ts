import { buildSubgraphSchema } from '@apollo/subgraph';
import DataLoader from 'dataloader';
import { notFound, isDatabaseReachable, type Identity, type Knex, type SubgraphContext, type SubgraphDefinition } from '@tasklane/platform';
import { subgraphTypeDefs } from '@tasklane/schema';
import { AccountService, type User } from '../auth/accounts';

interface AccountsContext extends SubgraphContext {
  users: DataLoader<string, User | null>;
}

/** `User` and `me`, served by the gateway from the accounts it owns. */
export function createAccountsSubgraph(db: Knex): SubgraphDefinition<AccountsContext> {
  const accounts = new AccountService(db);
  const schema = buildSubgraphSchema({
    typeDefs: subgraphTypeDefs('accounts'),
    resolvers: {
      Query: {
        me: async (_: unknown, __: unknown, ctx: AccountsContext) => (await ctx.users.load(ctx.identity.userId)) ?? Promise.reject(notFound('User')),
      },
      User: {
        // A user resolves only for themselves.
        __resolveReference: (ref: { id: string }, ctx: AccountsContext) =>
          ref.id === ctx.identity.userId ? ctx.users.load(ref.id) : null,
      },
    } as never,
  });
  return {
    name: 'accounts',
    schema,
    createContext: (identity: Identity) => ({
      identity,
      users: new DataLoader(async (ids) => {
        const found = await accounts.byIds(ids);
        return ids.map((id) => found.get(id) ?? null);
      }),
    }),
    ready: () => isDatabaseReachable(db),
  };
}
