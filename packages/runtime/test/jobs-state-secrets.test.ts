import { eventually } from '@tasklane/testkit';
import type { Job } from '../src';
import { startRuntime, type RuntimeFixture } from './helpers';

describe('local jobs, state, secrets and invocation', () => {
  let f: RuntimeFixture;
  beforeEach(async () => {
    f = await startRuntime();
  });
  afterEach(async () => {
    await f.close();
  });

  it('fires a job at its exact time, never early', async () => {
    const fired: Array<{ job: Job; at: number }> = [];
    f.runtime.jobs.onJob('app', 'reminder-', async (job) => {
      fired.push({ job, at: Date.now() });
    });
    const dueAt = new Date(Date.now() + 600);
    await f.runtime.jobs.schedule('app', { name: 'reminder-1', dueAt, data: { id: 1 } });
    await eventually(async () => (fired.length ? true : undefined));
    expect(fired[0].job.data).toEqual({ id: 1 });
    expect(fired[0].at).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(fired[0].at - dueAt.getTime()).toBeLessThan(1_000);
  });

  it('fires a past job at once, and a rescheduled or cancelled one as last told', async () => {
    const fired: string[] = [];
    f.runtime.jobs.onJob('app', '', async (job) => {
      fired.push(job.name);
    });
    await f.runtime.jobs.schedule('app', { name: 'past', dueAt: new Date(Date.now() - 60_000), data: {} });
    await f.runtime.jobs.schedule('app', { name: 'cancelled', dueAt: new Date(Date.now() + 300), data: {} });
    await f.runtime.jobs.cancel('app', 'cancelled');
    await f.runtime.jobs.schedule('app', { name: 'moved', dueAt: new Date(Date.now() + 60_000), data: {} });
    await f.runtime.jobs.schedule('app', { name: 'moved', dueAt: new Date(Date.now() + 300), data: {} });
    await eventually(async () => (fired.length === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(fired.sort()).toEqual(['moved', 'past']);
  });

  it('fires a job that came due while no process ran, once it starts', async () => {
    const runtime = await f.restart(); // stopped, not started
    await runtime.jobs.schedule('app', { name: 'while-down', dueAt: new Date(Date.now() + 100), data: {} });
    await new Promise((r) => setTimeout(r, 300));
    const fired: string[] = [];
    runtime.jobs.onJob('app', '', async (job) => {
      fired.push(job.name);
    });
    await runtime.start();
    await eventually(async () => (fired.length ? true : undefined));
    expect(fired).toEqual(['while-down']);
  });

  it('retries a failing job until it succeeds', async () => {
    let calls = 0;
    f.runtime.jobs.onJob('app', '', async () => {
      if (++calls < 2) throw new Error('smtp down');
    });
    await f.runtime.jobs.schedule('app', { name: 'flaky', dueAt: new Date(), data: {} });
    await eventually(async () => {
      const { rows } = await f.database.db.raw('select count(*)::int as n from runtime.jobs');
      return calls >= 2 && rows[0].n === 0 ? true : undefined;
    }, 10_000);
  });

  it('stores state and generates secrets once', async () => {
    await f.runtime.state.set('k', { a: 1 });
    expect(await f.runtime.state.get('k')).toEqual({ a: 1 });
    await f.runtime.state.delete('k');
    expect(await f.runtime.state.get('k')).toBeUndefined();

    const key = await f.runtime.secrets.get('GEN_KEY');
    expect(key).toMatch(/^[\w-]{40,}$/);
    expect(await f.runtime.secrets.get('GEN_KEY')).toBe(key);
    expect(await f.runtime.secrets.get('NOT_GENERATED')).toBeUndefined();
    process.env.FROM_ENV_SECRET = 'x';
    expect(await f.runtime.secrets.get('FROM_ENV_SECRET')).toBe('x');
    delete process.env.FROM_ENV_SECRET;
  });

  it('invokes a registered method in process with copies, and refuses an unknown one', async () => {
    f.runtime.invoker.handle('tags', 'echo', async (payload, ctx) => ({ payload, identity: ctx.identity }));
    const payload = { a: [1] };
    const result = await f.runtime.invoker.invoke<{ payload: { a: number[] }; identity: string }>('tags', 'echo', payload, {
      identity: 'signed',
    });
    expect(result).toEqual({ payload: { a: [1] }, identity: 'signed' });
    expect(result.payload).not.toBe(payload);
    await expect(f.runtime.invoker.invoke('tags', 'missing', {})).rejects.toThrow(/no method/);
  });
});
