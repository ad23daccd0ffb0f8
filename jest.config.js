/** One Jest run for every workspace; sources are mapped so tests never need a build. */
const workspaces = {
  platform: 'packages/platform',
  runtime: 'packages/runtime',
  testkit: 'packages/testkit',
  distributed: 'packages/distributed',
  schema: 'schema',
  tasks: 'subgraphs/tasks',
  audit: 'subgraphs/audit',
  tags: 'subgraphs/tags',
  reminders: 'subgraphs/reminders',
  recurrence: 'subgraphs/recurrence',
  gateway: 'gateway',
};

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/test/**/*.test.ts'],
  // the distributed suite starts real processes (Kafka, daprd…): `npm test` runs it on its own,
  // after the rest, so its timings are not measured on a machine busy with other suites
  testPathIgnorePatterns: ['/node_modules/', '/dist/', ...(process.env.TASKLANE_SUITE === 'distributed' ? [] : ['/packages/distributed/test/distributed\\.test\\.ts'])],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.check.json' }] },
  moduleNameMapper: Object.fromEntries(
    Object.entries(workspaces).map(([name, dir]) => [`^@tasklane/${name}$`, `<rootDir>/${dir}/src`]),
  ),
  globalSetup: '<rootDir>/packages/testkit/src/global-setup.ts',
  globalTeardown: '<rootDir>/packages/testkit/src/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
