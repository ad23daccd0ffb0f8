import { eventually } from '@tasklane/testkit';
import { enqueue, processOnce, type Envelope } from '../src';
import { startRuntime, type RuntimeFixture } from './helpers';

describe('outbox, local log and inbox', () => {
  let f: RuntimeFixture;
  beforeEach(async () => {
    f = await startRuntime();
  });
  afterEach(async () => {
    await f.close();
  });

  const publish = (n: number, topic = 'topic-a') =>
    f.database.db.transaction((trx) => enqueue(trx, [{ topic, source: 'test', data: { n } }]));

  it('delivers a committed change and never a rolled-back one', async () => {
    const seen: number[] = [];
    await f.runtime.pubsub.subscribe<{ n: number }>('topic-a', { group: 'g' }, async (m) => {
      seen.push(m.data.n);
    });
    await publish(1);
    await expect(
      f.database.db.transaction(async (trx) => {
        await enqueue(trx, [{ topic: 'topic-a', source: 'test', data: { n: 2 } }]);
        throw new Error('business write failed');
      }),
    ).rejects.toThrow('business write failed');
    await publish(3);
    await eventually(async () => (seen.length === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([1, 3]);
    const { rows } = await f.database.db.raw(`select count(*)::int as n from runtime.outbox where (data->>'n')::int = 2`);
    expect(rows[0].n).toBe(0);
  });

  it('gives every group every message, in commit order, as CloudEvent-like envelopes', async () => {
    const a: Envelope<{ n: number }>[] = [];
    const b: number[] = [];
    await f.runtime.pubsub.subscribe<{ n: number }>('topic-a', { group: 'a' }, async (m) => {
      a.push(m);
    });
    await f.runtime.pubsub.subscribe<{ n: number }>('topic-a', { group: 'b' }, async (m) => {
      b.push(m.data.n);
    });
    for (let i = 0; i < 50; i++) await publish(i);
    await publish(999, 'topic-other');
    await eventually(async () => (a.length === 50 && b.length === 50 ? true : undefined));
    expect(a.map((m) => m.data.n)).toEqual([...Array(50).keys()]);
    expect(b).toEqual([...Array(50).keys()]);
    expect(a[0]).toMatchObject({ topic: 'topic-a', source: 'test' });
    expect(a[0].id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('starts a `latest` group after what was already published', async () => {
    await publish(1);
    await eventually(async () => {
      const { rows } = await f.database.db.raw('select count(*)::int as n from runtime.outbox where log_seq is not null');
      return rows[0].n === 1 ? true : undefined;
    });
    const seen: number[] = [];
    await f.runtime.pubsub.subscribe<{ n: number }>('topic-a', { group: 'live', startAt: 'latest' }, async (m) => {
      seen.push(m.data.n);
    });
    await publish(2);
    await eventually(async () => (seen.length === 1 ? true : undefined));
    expect(seen).toEqual([2]);
  });

  it('retries a failing handler with backoff, then moves on; dead-letters after max attempts', async () => {
    let attempts = 0;
    const seen: number[] = [];
    await f.runtime.pubsub.subscribe<{ n: number }>('topic-a', { group: 'flaky', maxAttempts: 3 }, async (m) => {
      if (m.data.n === 1 && ++attempts < 3) throw new Error('transient');
      if (m.data.n === 2) return 'retry';
      seen.push(m.data.n);
      return 'success';
    });
    await publish(1);
    await publish(2);
    await publish(3);
    await eventually(async () => (seen.length === 2 ? true : undefined), 10_000);
    expect(seen).toEqual([1, 3]);
    // the dead letter commits with the consumer's batch, just after the last handler returns
    const rows = await eventually(async () => {
      const r = await f.database.db.raw(`select group_name, data from runtime.dead_letters`);
      return r.rows.length ? r.rows : undefined;
    });
    expect(rows).toEqual([{ group_name: 'flaky', data: { n: 2 } }]);
  });

  it('keeps a group position across a restart: nothing lost, nothing repeated', async () => {
    const seen: number[] = [];
    const handler = async (m: Envelope<{ n: number }>) => {
      seen.push(m.data.n);
    };
    await f.runtime.pubsub.subscribe('topic-a', { group: 'durable' }, handler);
    await publish(1);
    await eventually(async () => (seen.length === 1 ? true : undefined));
    const runtime = await f.restart();
    await publish(2); // published while no consumer runs
    await runtime.start();
    await runtime.pubsub.subscribe('topic-a', { group: 'durable' }, handler);
    await eventually(async () => (seen.length === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([1, 2]);
  });

  it('delivers different tasks side by side, each task in order; a failing task holds back only itself', async () => {
    const seen: string[] = [];
    let failures = 0;
    await f.runtime.pubsub.subscribe<{ task_id: string; n: number }>('topic-a', { group: 'keyed' }, async (m) => {
      if (m.data.task_id === 'slow' && m.data.n === 1 && failures++ === 0) throw new Error('once');
      if (m.data.task_id === 'slow') await new Promise((r) => setTimeout(r, 20));
      seen.push(`${m.data.task_id}:${m.data.n}`);
    });
    // one commit, so one batch holds all six however busy the machine is
    await f.database.db.transaction((trx) =>
      enqueue(
        trx,
        [1, 2, 3].flatMap((n) => [
          { topic: 'topic-a', source: 'test', data: { task_id: 'slow', n } },
          { topic: 'topic-a', source: 'test', data: { task_id: 'fast', n } },
        ]),
      ),
    );
    await eventually(async () => (seen.filter((s) => s.startsWith('slow')).length === 3 ? true : undefined), 5_000);
    const order = (task: string) => seen.filter((s) => s.startsWith(task)).map((s) => Number(s.split(':')[1]));
    expect(order('slow')).toEqual([1, 2, 3]);
    // fast ran without waiting for slow's retry; after it, the batch was redelivered from slow:1
    expect(seen.indexOf('fast:3')).toBeLessThan(seen.indexOf('slow:1'));
    expect(new Set(order('fast'))).toEqual(new Set([1, 2, 3]));
  });

  it('processOnce makes a duplicate delivery a no-op', async () => {
    const db = f.database.db;
    await db.raw('create table public.effects (n int)');
    const work = (trx: typeof db) => trx.raw('insert into public.effects values (1)').then(() => undefined);
    const results = await Promise.all([
      processOnce(db, 'c', 'event-1', work),
      processOnce(db, 'c', 'event-1', work),
      processOnce(db, 'other-consumer', 'event-1', work),
    ]);
    expect(results.filter(Boolean)).toHaveLength(2);
    const { rows } = await db.raw('select count(*)::int as n from public.effects');
    expect(rows[0].n).toBe(2);
  });
});
