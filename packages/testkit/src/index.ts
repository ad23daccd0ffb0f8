export { createTestDatabase, type TestDatabase } from './database';
export { startTestSystem, type TestSystem } from './system';
export { signUp, graphql, gql, eventually, type Session, type GraphQLResult } from './client';
export { startSubgraph, companionsOf, testIdentity, TEST_SIGNING_KEY, type SubgraphFixture, type Companion } from './subgraph';
export { subscribe, type Subscriber, type Received } from './subscriber';
export { launchBrowser, CHROMIUM, ARTIFACTS } from './browser';
