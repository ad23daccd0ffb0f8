export { createTestDatabase, type TestDatabase } from './database';
export { startTestSystem, type TestSystem } from './system';
export { signUp, graphql, gql, eventually, type Session, type GraphQLResult } from './client';
