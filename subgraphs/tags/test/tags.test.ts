import { randomUUID } from 'node:crypto';
import { TaskService } from '@tasklane/tasks';
import { companionsOf, startSubgraph, testIdentity, TEST_SIGNING_KEY, type SubgraphFixture } from '@tasklane/testkit';
import { createTagsSubgraph, migrateTags } from '../src';
import type { TagsContext } from '../src/resolvers';
import { colorFor, validTagNames } from '../src/services/tag-names';

describe('tag names', () => {
  it('trims, de-duplicates ignoring case keeping the first spelling, and limits', () => {
    expect(validTagNames([' Home ', 'home', 'HOME', 'Work'], 'names')).toEqual(['Home', 'Work']);
    expect(() => validTagNames(['x'.repeat(65)], 'names')).toThrow(/64/);
    expect(() => validTagNames(Array.from({ length: 51 }, (_, i) => `t${i}`), 'tags')).toThrow(/50/);
    expect(colorFor('home')).toBe(colorFor('home'));
  });
});

describe('tags subgraph', () => {
  let f: SubgraphFixture<TagsContext>;
  let tasks: TaskService;
  const alice = testIdentity(randomUUID());
  const bob = testIdentity(randomUUID());
  beforeAll(async () => {
    f = await startSubgraph(migrateTags, createTagsSubgraph, {
      companions: companionsOf('tags'),
    });
    tasks = new TaskService(f.database.db, f.runtime, TEST_SIGNING_KEY);
  });
  afterAll(async () => {
    await f.stop();
  });

  it('resolves Task.tags and Tag references in batches, for their owner only', async () => {
    const a = await tasks.create(alice, { title: 'A', tags: ['x', 'y'] });
    const b = await tasks.create(alice, { title: 'B', tags: ['y'] });
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    f.database.db.on('query', onQuery);
    const r = await f.run(alice, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id tags { name taskCount } } } }', {
      r: [a, b].map((t) => ({ __typename: 'Task', id: t.id })),
    });
    f.database.db.off('query', onQuery);
    expect(r.data._entities).toEqual([
      { id: a.id, tags: [{ name: 'x', taskCount: 1 }, { name: 'y', taskCount: 2 }] },
      { id: b.id, tags: [{ name: 'y', taskCount: 2 }] },
    ]);
    // tags of both tasks, then counts of both tags
    expect(queries.filter((q) => q.startsWith(`select "a"."task_id"`) || q.startsWith(`select "tag_id", count`))).toHaveLength(2);
    const tagIds = (await f.run(alice, '{ tags { id } }')).data.tags.map((t: any) => t.id);
    const asBob = await f.run(bob, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Tag { id name } } }', {
      r: tagIds.map((id: string) => ({ __typename: 'Tag', id })),
    });
    expect(asBob.data._entities).toEqual([null, null]);
  });

  it('rolls back its own writes when the task is not the caller’s', async () => {
    const a = await tasks.create(alice, { title: 'Not yours' });
    const r = await f.run(bob, 'mutation($id: ID!) { setTags(taskId: $id, names: ["stolen"]) { id } }', { id: a.id });
    expect(r.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const { rows } = await f.database.db.raw(`select count(*)::int as n from tags.tags where user_id = ?`, [bob.userId]);
    expect(rows[0].n).toBe(0);
  });
});
