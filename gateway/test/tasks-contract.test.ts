import { gql, graphql, signUp, startTestSystem, type Session, type TestSystem } from '@tasklane/testkit';

/**
 * The tasks part of the contract, end to end through the gateway of the embedded topology,
 * with two users.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Seed {
  title: string;
  description?: string;
  priority: 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE';
  due: number | null; // offset from now, ms
  done?: boolean;
}

const SEEDS: Seed[] = [
  { title: 'Buy groceries', description: 'milk, eggs, bread', priority: 'HIGH', due: 2 * HOUR },
  { title: 'Pay rent', priority: 'MEDIUM', due: -DAY },
  { title: 'Call mom', priority: 'LOW', due: 3 * DAY },
  { title: 'Crème brûlée recipe', description: 'Dessert for Friday', priority: 'NONE', due: null },
  { title: 'Book dentist', priority: 'HIGH', due: -2 * HOUR, done: true },
  { title: 'write quarterly report', description: 'report: the quarterly report, a long report', priority: 'MEDIUM', due: 10 * DAY },
  { title: 'Groom the dog', priority: 'LOW', due: null },
  { title: 'Renew passport', priority: 'HIGH', due: 30 * DAY },
  { title: 'Fix bike', priority: 'NONE', due: -3 * DAY },
  { title: 'Read book', priority: 'LOW', due: null, done: true },
  { title: 'Plan vacation', priority: 'MEDIUM', due: 20 * HOUR },
  { title: 'Água de coco', description: 'buy coconut water', priority: 'NONE', due: 5 * DAY },
  { title: 'Print stuff', description: 'the report', priority: 'LOW', due: 2 * DAY },
];

interface TaskRow {
  id: string;
  title: string;
  description: string | null;
  status: 'PENDING' | 'COMPLETED';
  priority: Seed['priority'];
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
  isOverdue: boolean;
  isDueSoon: boolean;
}

const TASK_FIELDS = 'id title description status priority dueAt createdAt updatedAt isOverdue isDueSoon';
const LIST = `query($filter: TaskFilter, $search: String, $sort: [TaskSort!], $first: Int, $after: String) {
  tasks(filter: $filter, search: $search, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ${TASK_FIELDS} } }
  }
}`;

const RANK = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 } as const;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

describe('tasks through the gateway', () => {
  let sys: TestSystem;
  let alice: Session;
  let bob: Session;
  let tasks: TaskRow[];
  let seededAt: number;

  const list = async (session: Session, vars: Record<string, unknown>) =>
    (await gql<{ tasks: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string; node: TaskRow }> } }>(
      sys.url,
      session,
      LIST,
      { first: 200, ...vars },
    )).tasks;
  const titles = async (vars: Record<string, unknown>, session = alice) => (await list(session, vars)).edges.map((e) => e.node.title);

  beforeAll(async () => {
    sys = await startTestSystem();
    [alice, bob] = await Promise.all([signUp(sys.url, 'Alice'), signUp(sys.url, 'Bob')]);
    seededAt = Date.now();
    tasks = [];
    for (const seed of SEEDS) {
      const { createTask } = await gql(sys.url, alice, `mutation($i: CreateTaskInput!) { createTask(input: $i) { ${TASK_FIELDS} } }`, {
        i: {
          title: seed.title,
          description: seed.description,
          priority: seed.priority,
          dueAt: seed.due === null ? null : new Date(seededAt + seed.due).toISOString(),
        },
      });
      tasks.push(createTask);
    }
    for (const [i, seed] of SEEDS.entries()) {
      if (seed.done) tasks[i] = (await gql(sys.url, alice, `mutation($id: ID!) { completeTask(id: $id) { ${TASK_FIELDS} } }`, { id: tasks[i].id })).completeTask;
    }
    await gql(sys.url, bob, `mutation { a: createTask(input: { title: "Bob buys groceries" }) { id } b: createTask(input: { title: "Bob private", priority: HIGH }) { id } }`);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const byTitle = (t: string) => tasks.find((x) => x.title === t)!;
  const titlesWhere = (pred: (t: TaskRow) => boolean) => tasks.filter(pred).map((t) => t.title).sort();

  it('returns created tasks with computed flags', () => {
    expect(byTitle('Buy groceries')).toMatchObject({ status: 'PENDING', priority: 'HIGH', isOverdue: false, isDueSoon: true });
    expect(byTitle('Pay rent')).toMatchObject({ isOverdue: true, isDueSoon: false });
    expect(byTitle('Book dentist')).toMatchObject({ status: 'COMPLETED', isOverdue: false });
    expect(byTitle('Crème brûlée recipe')).toMatchObject({ dueAt: null, priority: 'NONE', isOverdue: false, isDueSoon: false });
    expect(byTitle('Plan vacation').dueAt).toMatch(/Z$/);
  });

  it('me returns the caller', async () => {
    const { me } = await gql(sys.url, alice, '{ me { id email name } }');
    expect(me).toEqual(alice.user);
  });

  describe('filters', () => {
    it.each([
      ['status PENDING', { status: 'PENDING' }, (t: TaskRow) => t.status === 'PENDING'],
      ['status COMPLETED', { status: 'COMPLETED' }, (t: TaskRow) => t.status === 'COMPLETED'],
      ['priorities HIGH', { priorities: ['HIGH'] }, (t: TaskRow) => t.priority === 'HIGH'],
      ['priorities LOW+NONE', { priorities: ['LOW', 'NONE'] }, (t: TaskRow) => ['LOW', 'NONE'].includes(t.priority)],
      ['hasDueDate true', { hasDueDate: true }, (t: TaskRow) => t.dueAt !== null],
      ['hasDueDate false', { hasDueDate: false }, (t: TaskRow) => t.dueAt === null],
      ['overdue true', { overdue: true }, (t: TaskRow) => t.isOverdue],
      ['overdue false', { overdue: false }, (t: TaskRow) => !t.isOverdue],
      [
        'pending HIGH with a due date',
        { status: 'PENDING', priorities: ['HIGH'], hasDueDate: true },
        (t: TaskRow) => t.status === 'PENDING' && t.priority === 'HIGH' && t.dueAt !== null,
      ],
    ])('%s', async (_, filter, pred) => {
      const page = await list(alice, { filter });
      expect(page.edges.map((e) => e.node.title).sort()).toEqual(titlesWhere(pred));
      expect(page.totalCount).toBe(page.edges.length);
    });

    it('dueAfter and dueBefore are inclusive', async () => {
      const from = byTitle('Call mom').dueAt!;
      const to = byTitle('write quarterly report').dueAt!;
      const inRange = (t: TaskRow) => t.dueAt !== null && t.dueAt >= from && t.dueAt <= to;
      expect((await titles({ filter: { dueAfter: from, dueBefore: to } })).sort()).toEqual(titlesWhere(inRange));
      expect(await titles({ filter: { dueAfter: from, dueBefore: from } })).toEqual(['Call mom']);
      expect(titlesWhere(inRange)).toEqual(expect.arrayContaining(['Call mom', 'write quarterly report', 'Água de coco']));
    });

    it('overdue means pending and due in the past', () => {
      expect(titlesWhere((t) => t.isOverdue)).toEqual(['Fix bike', 'Pay rent']);
    });
  });

  describe('search', () => {
    it.each([
      ['groc', ['Buy groceries']],
      ['GROC', ['Buy groceries']],
      ['gro', ['Buy groceries', 'Groom the dog']],
      ['agua', ['Água de coco']],
      ['ÁGUA', ['Água de coco']],
      ['creme brulee', ['Crème brûlée recipe']],
      ['coconut', ['Água de coco']],
      ['buy', ['Buy groceries', 'Água de coco']],
      ['buy milk', ['Buy groceries']],
      ['dessert fri', ['Crème brûlée recipe']],
      ['zzz', []],
      ['ocer', []],
    ])('%j finds %j', async (search, expected) => {
      expect((await titles({ search })).sort()).toEqual([...expected].sort());
    });

    it('puts the best match first when no sort is given', async () => {
      expect(await titles({ search: 'report' })).toEqual(['write quarterly report', 'Print stuff']);
    });

    it("never finds another user's tasks", async () => {
      expect(await titles({ search: 'groceries' }, bob)).toEqual(['Bob buys groceries']);
      expect(await titles({ search: 'bob' })).toEqual([]);
    });

    it('combines with filters and sort', async () => {
      expect(await titles({ search: 'buy', filter: { hasDueDate: true }, sort: [{ field: 'DUE_AT', direction: 'DESC' }] })).toEqual([
        'Água de coco',
        'Buy groceries',
      ]);
    });
  });

  describe('sort', () => {
    const cmpKey = (t: TaskRow, field: string, desc: boolean): number | string => {
      switch (field) {
        case 'DUE_AT':
          return t.dueAt ? Date.parse(t.dueAt) : desc ? -Infinity : Infinity;
        case 'PRIORITY':
          return RANK[t.priority];
        case 'CREATED_AT':
          return Date.parse(t.createdAt);
        case 'UPDATED_AT':
          return Date.parse(t.updatedAt);
        default:
          return fold(t.title);
      }
    };
    const expected = (field: string, desc: boolean) =>
      [...tasks]
        .sort((a, b) => {
          const keys: Array<[number | string, number | string]> = [
            [cmpKey(a, field, desc), cmpKey(b, field, desc)],
            [Date.parse(a.createdAt), Date.parse(b.createdAt)],
            [a.id, b.id],
          ];
          for (const [x, y] of keys) if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
          return 0;
        })
        .map((t) => t.title);

    it.each(['DUE_AT', 'PRIORITY', 'CREATED_AT', 'UPDATED_AT', 'TITLE'].flatMap((f) => [[f, 'ASC'], [f, 'DESC']]))(
      '%s %s',
      async (field, direction) => {
        const got = await titles({ sort: [{ field, direction }] });
        expect(got).toEqual(expected(field, direction === 'DESC'));
      },
    );

    it('PRIORITY DESC puts HIGH first; tasks without a due date come last under DUE_AT either way', async () => {
      const byPriority = await list(alice, { sort: [{ field: 'PRIORITY', direction: 'DESC' }] });
      expect(byPriority.edges[0].node.priority).toBe('HIGH');
      for (const direction of ['ASC', 'DESC']) {
        const got = (await list(alice, { sort: [{ field: 'DUE_AT', direction }] })).edges.map((e) => e.node.dueAt);
        expect(got.slice(-3)).toEqual([null, null, null]);
      }
    });

    it('TITLE ignores case and accents', async () => {
      const got = await titles({ sort: [{ field: 'TITLE' }] });
      expect(got.indexOf('Água de coco')).toBeLessThan(got.indexOf('Book dentist'));
      expect(got.indexOf('Renew passport')).toBeLessThan(got.indexOf('write quarterly report'));
    });

    it('sorts by several fields', async () => {
      const got = await list(alice, { sort: [{ field: 'PRIORITY', direction: 'DESC' }, { field: 'TITLE', direction: 'ASC' }] });
      const pairs = got.edges.map((e) => [RANK[e.node.priority], fold(e.node.title)] as const);
      const sorted = [...pairs].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
      expect(pairs).toEqual(sorted);
    });
  });

  describe('paging', () => {
    async function walk(vars: Record<string, unknown>, first: number) {
      const ids: string[] = [];
      let after: string | null = null;
      let pages = 0;
      const totals = new Set<number>();
      for (;;) {
        const page = await list(alice, { ...vars, first, after });
        pages++;
        totals.add(page.totalCount);
        ids.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) {
          expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
          break;
        }
        after = page.pageInfo.endCursor;
      }
      return { ids, pages, totals };
    }

    it.each([
      ['default order', {}],
      ['DUE_AT ASC', { sort: [{ field: 'DUE_AT' }] }],
      ['DUE_AT DESC', { sort: [{ field: 'DUE_AT', direction: 'DESC' }] }],
      ['PRIORITY DESC (many ties)', { sort: [{ field: 'PRIORITY', direction: 'DESC' }] }],
      ['PRIORITY DESC, TITLE ASC (mixed directions)', { sort: [{ field: 'PRIORITY', direction: 'DESC' }, { field: 'TITLE' }] }],
      ['TITLE', { sort: [{ field: 'TITLE' }] }],
      ['search with rank', { search: 're' }],
      ['filter + search + sort', { filter: { status: 'PENDING' }, search: 'b', sort: [{ field: 'CREATED_AT', direction: 'DESC' }] }],
    ])('%s: three pages or more, no gaps, no repeats', async (_, vars) => {
      const all = (await list(alice, vars)).edges.map((e) => e.node.id);
      const size = Math.max(1, Math.floor(all.length / 3));
      const { ids, pages, totals } = await walk(vars, size);
      expect(ids).toEqual(all);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages).toBeGreaterThanOrEqual(all.length >= 3 ? 3 : 1);
      expect([...totals]).toEqual([all.length]);
    });

    it('first: 0 returns no edges but the total', async () => {
      const page = await list(alice, { first: 0 });
      expect(page.edges).toEqual([]);
      expect(page.totalCount).toBe(SEEDS.length);
      expect(page.pageInfo.hasNextPage).toBe(true);
    });

    it('a cursor from another ordering is refused, naming after', async () => {
      const page = await list(alice, { first: 2, sort: [{ field: 'TITLE' }] });
      const r = await graphql(sys.url, alice, LIST, { first: 2, after: page.pageInfo.endCursor, sort: [{ field: 'DUE_AT' }] });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  describe('updates', () => {
    it('omitted fields stay, null clears description and dueAt, updatedAt moves', async () => {
      const t = byTitle('Groom the dog');
      const { updateTask } = await gql(sys.url, alice, `mutation($id: ID!) { updateTask(id: $id, input: { description: "brush", dueAt: "2031-01-01T00:00:00Z" }) { ${TASK_FIELDS} } }`, { id: t.id });
      expect(updateTask).toMatchObject({ title: 'Groom the dog', priority: 'LOW', description: 'brush', dueAt: '2031-01-01T00:00:00.000Z' });
      expect(Date.parse(updateTask.updatedAt)).toBeGreaterThan(Date.parse(t.updatedAt));
      const { updateTask: cleared } = await gql(sys.url, alice, `mutation($id: ID!) { updateTask(id: $id, input: { description: null, dueAt: null, priority: HIGH }) { ${TASK_FIELDS} } }`, { id: t.id });
      expect(cleared).toMatchObject({ title: 'Groom the dog', description: null, dueAt: null, priority: 'HIGH' });
      await gql(sys.url, alice, `mutation($id: ID!) { updateTask(id: $id, input: { priority: LOW }) { id } }`, { id: t.id });
    });

    it('complete and reopen are idempotent', async () => {
      const t = byTitle('Call mom');
      const first = (await gql(sys.url, alice, 'mutation($id: ID!) { completeTask(id: $id) { status completedAt } }', { id: t.id })).completeTask;
      const second = (await gql(sys.url, alice, 'mutation($id: ID!) { completeTask(id: $id) { status completedAt } }', { id: t.id })).completeTask;
      expect(second).toEqual(first);
      expect(first.status).toBe('COMPLETED');
      for (let i = 0; i < 2; i++) {
        const r = (await gql(sys.url, alice, 'mutation($id: ID!) { reopenTask(id: $id) { status completedAt } }', { id: t.id })).reopenTask;
        expect(r).toEqual({ status: 'PENDING', completedAt: null });
      }
    });

    it('delete removes the task; a second delete is NOT_FOUND', async () => {
      const { createTask } = await gql(sys.url, alice, 'mutation { createTask(input: { title: "Temporary" }) { id } }');
      expect((await gql(sys.url, alice, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: createTask.id })).deleteTask).toBe(true);
      const again = await graphql(sys.url, alice, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: createTask.id });
      expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const read = await graphql(sys.url, alice, 'query($id: ID!) { task(id: $id) { id } }', { id: createTask.id });
      expect(read.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('isolation', () => {
    it("bob never sees, changes or deletes alice's tasks", async () => {
      const target = byTitle('Renew passport');
      expect(await titles({}, bob)).toEqual(['Bob private', 'Bob buys groceries']);
      for (const op of [
        'query($id: ID!) { task(id: $id) { id } }',
        'mutation($id: ID!) { updateTask(id: $id, input: { title: "hacked" }) { id } }',
        'mutation($id: ID!) { completeTask(id: $id) { id } }',
        'mutation($id: ID!) { reopenTask(id: $id) { id } }',
        'mutation($id: ID!) { deleteTask(id: $id) }',
      ]) {
        const r = await graphql(sys.url, bob, op, { id: target.id });
        expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      }
      const { task } = await gql(sys.url, alice, 'query($id: ID!) { task(id: $id) { title status } }', { id: target.id });
      expect(task).toEqual({ title: 'Renew passport', status: 'PENDING' });
    });
  });

  describe('bad input', () => {
    const create = (input: Record<string, unknown>) =>
      graphql(sys.url, alice, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: input });

    it.each([
      ['empty title', { title: '' }, 'title'],
      ['blank title', { title: '   ' }, 'title'],
      ['title over 500', { title: 'x'.repeat(501) }, 'title'],
      ['description over 10 000', { title: 'ok', description: 'd'.repeat(10_001) }, 'description'],
      ['bad dueAt', { title: 'ok', dueAt: 'next tuesday' }, 'dueAt'],
      ['bad priority', { title: 'ok', priority: 'URGENT' }, 'priority'],
      ['missing title', { description: 'no title' }, 'title'],
    ])('%s → BAD_USER_INPUT naming %s', async (_, input, field) => {
      const r = await create(input);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(JSON.stringify(r)).not.toMatch(/stack|select |insert /i);
    });

    it('accepts the limits themselves, trimmed', async () => {
      const r = await create({ title: `  ${'x'.repeat(500)}  `, description: 'd'.repeat(10_000) });
      expect(r.errors).toBeUndefined();
      await gql(sys.url, alice, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: (r.data as any).createTask.id });
    });

    it.each([
      ['first over 200', { first: 201 }, 'first'],
      ['negative first', { first: -1 }, 'first'],
      ['garbage cursor', { after: 'not-a-cursor' }, 'after'],
      ['bad dueBefore', { filter: { dueBefore: 'soon' } }, 'dueBefore'],
      ['bad sort field', { sort: [{ field: 'COLOR' }] }, 'field'],
    ])('%s → BAD_USER_INPUT naming %s', async (_, vars, field) => {
      const r = await graphql(sys.url, alice, LIST, vars);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('an update with an invalid title changes nothing', async () => {
      const t = byTitle('Fix bike');
      const r = await graphql(sys.url, alice, 'mutation($id: ID!) { updateTask(id: $id, input: { title: "", priority: HIGH }) { id } }', { id: t.id });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
      const { task } = await gql(sys.url, alice, 'query($id: ID!) { task(id: $id) { title priority } }', { id: t.id });
      expect(task).toEqual({ title: 'Fix bike', priority: 'NONE' });
    });

    it('unknown ids are NOT_FOUND', async () => {
      const r = await graphql(sys.url, alice, 'mutation { completeTask(id: "00000000-0000-4000-8000-000000000000") { id } }');
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });
});
