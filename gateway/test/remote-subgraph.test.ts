import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@tasklane/platform';
import { createTestDatabase, gql, graphql, signUp, startTestSystem, type TestSystem } from '@tasklane/testkit';

const TASKS_MAIN = path.resolve(__dirname, '../../subgraphs/tasks/dist/src/main.js');

/** The tasks subgraph as its own process, reached by the gateway over HTTP (distributed mode). */
describe('gateway with the tasks subgraph in its own process', () => {
  const KEY = 'signing-key-shared-by-gateway-and-tasks';
  let sys: TestSystem;
  let tasks: ChildProcess;
  let tasksUrl: string;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const [port, gatewayPort] = [await freePort(), await freePort()];
    // the apps tasks invokes (tags, reminders, recurrence) live in the gateway's process here
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    tasks = spawn(process.execPath, [TASKS_MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        INTERNAL_SIGNING_KEY: KEY,
        PORT: String(port),
        HOST: '127.0.0.1',
        TASKLANE_PEERS: `tags=${gateway},reminders=${gateway},recurrence=${gateway}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tasksUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]);
      };
      tasks.stdout!.on('data', onData);
      tasks.stderr!.on('data', onData);
      tasks.on('exit', (code) => reject(new Error(`tasks exited with ${code}: ${out}`)));
    });
    process.env.INTERNAL_SIGNING_KEY = KEY; // the gateway's local secret store reads the environment first
    sys = await startTestSystem({ port: gatewayPort, remoteSubgraphs: { tasks: tasksUrl } }, database);
  });
  afterAll(async () => {
    delete process.env.INTERNAL_SIGNING_KEY;
    if (tasks && tasks.exitCode === null) {
      const exited = new Promise((resolve) => tasks.once('exit', resolve));
      tasks.kill('SIGTERM');
      await exited;
    }
    await sys?.stop();
  });

  it('runs queries and mutations through the remote subgraph, invocations crossing both ways', async () => {
    const session = await signUp(sys.url, 'Remote');
    const { createTask } = await gql(
      sys.url,
      session,
      'mutation { createTask(input: { title: "Over HTTP", dueAt: "2030-01-01T09:00:00Z", tags: ["net"] }) { id title tags { name } reminders { before } } }',
    );
    expect(createTask).toMatchObject({ title: 'Over HTTP', tags: [{ name: 'net' }], reminders: [{ before: 'PT1H' }] });
    // tags (in the gateway) → tasks (remote) for the tag projection
    await gql(sys.url, session, 'mutation($id: ID!) { tagTask(taskId: $id, name: "more") { id } }', { id: createTask.id });
    const { tasks: list, me } = await gql(sys.url, session, '{ me { id } tasks(filter: { tags: ["more", "net"] }) { totalCount edges { node { id title } } } }');
    expect(me.id).toBe(session.user.id);
    expect(list).toEqual({ totalCount: 1, edges: [{ node: { id: createTask.id, title: 'Over HTTP' } }] });
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
    expect((await fetch(tasksUrl.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
