import { eventually, gql, graphql, signUp, startTestSystem, type Session, type TestSystem } from '@tasklane/testkit';

describe('tags through the system', () => {
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

  const TASK = 'id title tags { id name color taskCount }';
  const create = (s: Session, title: string, tags?: string[], extra: Record<string, unknown> = {}) =>
    gql(sys.url, s, `mutation($i: CreateTaskInput!) { createTask(input: $i) { ${TASK} } }`, { i: { title, tags, ...extra } }).then((d) => d.createTask);
  const titles = async (s: Session, vars: Record<string, unknown>) =>
    (
      await gql(sys.url, s, 'query($f: TaskFilter, $s: String, $o: [TaskSort!], $n: Int, $a: String) { tasks(filter: $f, search: $s, sort: $o, first: $n, after: $a) { totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } }', vars)
    ).tasks;

  it('createTask with tags returns the task already tagged; names keep their first spelling', async () => {
    const t = await create(alice, 'Water plants', ['Home', 'errands', 'HOME']);
    expect(t.tags.map((x: any) => x.name)).toEqual(['errands', 'Home']);
    expect(t.tags[0].color).toMatch(/^#[0-9a-f]{6}$/);
    const again = await create(alice, 'Fix sink', ['home']);
    expect(again.tags).toEqual([{ ...t.tags[1], taskCount: 2 }]);
    const { tags } = await gql(sys.url, alice, '{ tags { name taskCount } }');
    expect(tags).toEqual([
      { name: 'errands', taskCount: 1 },
      { name: 'Home', taskCount: 2 },
    ]);
  });

  it('setTags, tagTask and untagTask change one task and show at once', async () => {
    const t = await create(alice, 'Plan trip');
    const set = (await gql(sys.url, alice, `mutation($id: ID!) { setTags(taskId: $id, names: ["travel", "Family"]) { ${TASK} } }`, { id: t.id })).setTags;
    expect(set.tags.map((x: any) => x.name)).toEqual(['Family', 'travel']);
    expect(set.title).toBe('Plan trip');
    const tagged = (await gql(sys.url, alice, `mutation($id: ID!) { tagTask(taskId: $id, name: "urgent") { ${TASK} } }`, { id: t.id })).tagTask;
    expect(tagged.tags.map((x: any) => x.name)).toEqual(['Family', 'travel', 'urgent']);
    const untagged = (await gql(sys.url, alice, `mutation($id: ID!) { untagTask(taskId: $id, name: "TRAVEL") { ${TASK} } }`, { id: t.id })).untagTask;
    expect(untagged.tags.map((x: any) => x.name)).toEqual(['Family', 'urgent']);
    const cleared = (await gql(sys.url, alice, `mutation($id: ID!) { setTags(taskId: $id, names: []) { ${TASK} } }`, { id: t.id })).setTags;
    expect(cleared.tags).toEqual([]);

    const actions = await eventually(async () => {
      const { activity } = await gql(sys.url, alice, 'query($t: ID) { activity(taskId: $t) { edges { node { action changes } } } }', { t: t.id });
      return activity.edges.length === 5 ? activity.edges.map((e: any) => e.node) : undefined;
    });
    expect(actions.map((a: any) => a.action)).toEqual(['UNTAGGED', 'UNTAGGED', 'TAGGED', 'TAGGED', 'CREATED']);
    expect(actions[2].changes.tags).toEqual({ from: ['Family', 'travel'], to: ['Family', 'travel', 'urgent'] });
  });

  it('filters by all tags and by any tag, combined with status, search, sort and paging', async () => {
    const s = await signUp(sys.url, 'Filterer');
    await create(s, 'Alpha groceries', ['shop', 'food']);
    await create(s, 'Beta groceries', ['shop']);
    await create(s, 'Gamma cook', ['food']);
    const delta = await create(s, 'Delta groceries', ['shop', 'food', 'weekly']);
    await create(s, 'Epsilon', []);
    await gql(sys.url, s, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: delta.id });
    const names = (r: any) => r.edges.map((e: any) => e.node.title);
    expect(names(await titles(s, { f: { tags: ['SHOP', 'food'] }, o: [{ field: 'TITLE' }] }))).toEqual(['Alpha groceries', 'Delta groceries']);
    expect(names(await titles(s, { f: { anyTags: ['weekly', 'FOOD'] }, o: [{ field: 'TITLE' }] }))).toEqual(['Alpha groceries', 'Delta groceries', 'Gamma cook']);
    expect(names(await titles(s, { f: { tags: ['shop'], status: 'PENDING' }, s: 'groc', o: [{ field: 'TITLE', direction: 'DESC' }] }))).toEqual(['Beta groceries', 'Alpha groceries']);
    expect(names(await titles(s, { f: { tags: ['nope'] } }))).toEqual([]);
    // paging across a tag filter
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await titles(s, { f: { anyTags: ['shop', 'food'] }, o: [{ field: 'TITLE' }], n: 1, a: after });
      expect(page.totalCount).toBe(4);
      seen.push(...names(page));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['Alpha groceries', 'Beta groceries', 'Delta groceries', 'Gamma cook']);
  });

  it('renames a tag everywhere, refusing a name another tag has', async () => {
    const s = await signUp(sys.url, 'Renamer');
    const t = await create(s, 'Stretch', ['gym', 'health']);
    const gym = t.tags.find((x: any) => x.name === 'gym');
    const clash = await graphql(sys.url, s, 'mutation($id: ID!) { renameTag(id: $id, name: "HEALTH") { name } }', { id: gym.id });
    expect(clash.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const { renameTag } = await gql(sys.url, s, 'mutation($id: ID!) { renameTag(id: $id, name: "Fitness") { id name taskCount } }', { id: gym.id });
    expect(renameTag).toEqual({ id: gym.id, name: 'Fitness', taskCount: 1 });
    expect((await titles(s, { f: { tags: ['fitness'] } })).edges).toHaveLength(1);
    expect((await titles(s, { f: { tags: ['gym'] } })).edges).toHaveLength(0);
  });

  it('deletes a tag from every task and every filter', async () => {
    const s = await signUp(sys.url, 'Deleter');
    const a = await create(s, 'One', ['temp', 'keep']);
    await create(s, 'Two', ['temp']);
    const temp = a.tags.find((x: any) => x.name === 'temp');
    expect((await gql(sys.url, s, 'mutation($id: ID!) { deleteTag(id: $id) }', { id: temp.id })).deleteTag).toBe(true);
    const { task } = await gql(sys.url, s, `query($id: ID!) { task(id: $id) { ${TASK} } }`, { id: a.id });
    expect(task.tags.map((x: any) => x.name)).toEqual(['keep']);
    expect((await titles(s, { f: { anyTags: ['temp'] } })).edges).toEqual([]);
    expect((await gql(sys.url, s, '{ tags { name } }')).tags).toEqual([{ name: 'keep' }]);
  });

  it('drops a deleted task from tag counts', async () => {
    const s = await signUp(sys.url, 'Counter');
    const a = await create(s, 'Counted', ['c']);
    await create(s, 'Also counted', ['c']);
    await gql(sys.url, s, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: a.id });
    await eventually(async () => ((await gql(sys.url, s, '{ tags { taskCount } }')).tags[0].taskCount === 1 ? true : undefined));
  });

  it("keeps users apart: bob cannot tag alice's task, and his 'home' is his own", async () => {
    const t = await create(alice, 'Private chores', ['home']);
    for (const op of [
      'mutation($id: ID!) { setTags(taskId: $id, names: ["mine"]) { id } }',
      'mutation($id: ID!) { tagTask(taskId: $id, name: "mine") { id } }',
      'mutation($id: ID!) { untagTask(taskId: $id, name: "home") { id } }',
    ]) {
      expect((await graphql(sys.url, bob, op, { id: t.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await gql(sys.url, bob, '{ tags { name } }')).tags).toEqual([]); // the failed writes created nothing
    const home = t.tags[0];
    expect((await graphql(sys.url, bob, 'mutation($id: ID!) { renameTag(id: $id, name: "x") { id } }', { id: home.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await graphql(sys.url, bob, 'mutation($id: ID!) { deleteTag(id: $id) }', { id: home.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const mine = await create(bob, 'Bob chores', ['Home']);
    expect(mine.tags[0].id).not.toBe(home.id);
    expect(mine.tags[0].name).toBe('Home');
  });

  it('names the field of bad tag input', async () => {
    const t = await create(alice, 'Validated');
    const long = 'x'.repeat(65);
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: { title: 'x', tags: [long] } }, 'tags'],
      ['mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: { title: 'x', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } }, 'tags'],
      ['mutation($id: ID!) { setTags(taskId: $id, names: ["ok", " "]) { id } }', { id: t.id }, 'names'],
      ['mutation($id: ID!, $n: [String!]!) { setTags(taskId: $id, names: $n) { id } }', { id: t.id, n: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'names'],
      ['mutation($id: ID!, $n: String!) { tagTask(taskId: $id, name: $n) { id } }', { id: t.id, n: long }, 'name'],
    ];
    for (const [query, variables, field] of cases) {
      const r = await graphql(sys.url, alice, query, variables);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // nothing half-done: the rejected createTask calls left no task
    expect((await titles(alice, { s: 'x', f: { hasDueDate: false } })).edges.filter((e: any) => e.node.title === 'x')).toEqual([]);
    const exactly64 = 'y'.repeat(64);
    expect((await create(alice, 'Long tag ok', [exactly64])).tags[0].name).toBe(exactly64);
  });
});
