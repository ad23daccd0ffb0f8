import { createLogger, SubgraphServer } from '@tasklane/platform';
import { migrateRuntime } from '@tasklane/runtime';
import { createTasksSubgraph, migrateTasks } from '@tasklane/tasks';
import { createTestDatabase, gql, graphql, signUp, startTestSystem, type TestSystem } from '@tasklane/testkit';

/** The gateway reaching the tasks subgraph over HTTP, as in the distributed mode. */
describe('gateway with the tasks subgraph in its own server', () => {
  const KEY = 'signing-key-shared-by-gateway-and-tasks';
  let sys: TestSystem;
  let tasks: SubgraphServer<any>;
  let tasksUrl: string;

  beforeAll(async () => {
    process.env.INTERNAL_SIGNING_KEY = KEY; // the local secret store reads the environment first
    const database = await createTestDatabase();
    await migrateRuntime(database.db);
    await migrateTasks(database.db);
    tasks = new SubgraphServer(createTasksSubgraph({ db: database.db }), KEY, createLogger('tasks'));
    await tasks.start();
    tasksUrl = `http://127.0.0.1:${await tasks.listen(0)}/graphql`;
    sys = await startTestSystem({ remoteSubgraphs: { tasks: tasksUrl } }, database);
  });
  afterAll(async () => {
    delete process.env.INTERNAL_SIGNING_KEY;
    await tasks?.stop();
    await sys?.stop();
  });

  it('runs queries and mutations through the remote subgraph', async () => {
    const session = await signUp(sys.url, 'Remote');
    const { createTask } = await gql(sys.url, session, 'mutation { createTask(input: { title: "Over HTTP" }) { id title } }');
    const { tasks: list, me } = await gql(sys.url, session, '{ me { id } tasks { totalCount edges { node { id title } } } }');
    expect(me.id).toBe(session.user.id);
    expect(list).toEqual({ totalCount: 1, edges: [{ node: createTask }] });
    const bad = await graphql(sys.url, session, 'mutation { createTask(input: { title: "" }) { id } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it('the remote subgraph refuses callers without the gateway signature', async () => {
    const res = await fetch(tasksUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tasklane-identity': 'forged.value' },
      body: JSON.stringify({ query: '{ tasks { totalCount } }' }),
    });
    expect(res.status).toBe(401);
  });
});
