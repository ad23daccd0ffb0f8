import { eventually, gql, signUp, startTestSystem, type Session, type TestSystem } from '@tasklane/testkit';

/** Every change shows in `activity` once, in order, within 2 s, through the whole system. */
describe('audit through the system', () => {
  let sys: TestSystem;
  let alice: Session;
  let bob: Session;
  beforeAll(async () => {
    sys = await startTestSystem();
    [alice, bob] = await Promise.all([signUp(sys.url, 'Alice'), signUp(sys.url, 'Bob')]);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const ACTIVITY = `query($t: ID) { activity(taskId: $t, first: 50) { edges { node { eventId action taskId actor at changes } } } }`;

  it('records create, update, complete, reopen and delete in order, once each', async () => {
    const { createTask } = await gql(sys.url, alice, 'mutation { createTask(input: { title: "Audited", priority: LOW }) { id } }');
    const id = createTask.id;
    const started = Date.now();
    await gql(sys.url, alice, 'mutation($id: ID!) { updateTask(id: $id, input: { title: "Audited twice", priority: HIGH }) { id } }', { id });
    await gql(sys.url, alice, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id });
    await gql(sys.url, alice, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id });
    await gql(sys.url, alice, 'mutation($id: ID!) { reopenTask(id: $id) { id } }', { id });
    await gql(sys.url, alice, 'mutation($id: ID!) { deleteTask(id: $id) }', { id });

    const entries = await eventually(async () => {
      const { activity } = await gql(sys.url, alice, ACTIVITY, { t: id });
      return activity.edges.length >= 5 ? activity.edges.map((e: any) => e.node) : undefined;
    }, 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await new Promise((r) => setTimeout(r, 300));
    const { activity } = await gql(sys.url, alice, ACTIVITY, { t: id });
    expect(activity.edges.map((e: any) => e.node)).toEqual(entries);
    expect(entries.map((e: any) => e.action)).toEqual(['DELETED', 'REOPENED', 'COMPLETED', 'UPDATED', 'CREATED']);
    expect(new Set(entries.map((e: any) => e.eventId)).size).toBe(5);
    expect(entries.every((e: any) => e.actor === alice.user.id && e.taskId === id)).toBe(true);
    expect(entries[3].changes).toEqual({ title: { from: 'Audited', to: 'Audited twice' }, priority: { from: 'LOW', to: 'HIGH' } });
  });

  it('serves Task.history through the federated Task, and nothing to another user', async () => {
    const { createTask } = await gql(sys.url, alice, 'mutation { createTask(input: { title: "With history" }) { id } }');
    await gql(sys.url, alice, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: createTask.id });
    const history = await eventually(async () => {
      const { task } = await gql(sys.url, alice, 'query($id: ID!) { task(id: $id) { title history { action } } }', { id: createTask.id });
      return task.history.length === 2 ? task.history : undefined;
    });
    expect(history).toEqual([{ action: 'COMPLETED' }, { action: 'CREATED' }]);
    const { activity } = await gql(sys.url, bob, ACTIVITY, { t: createTask.id });
    expect(activity.edges).toEqual([]);
  });
});
