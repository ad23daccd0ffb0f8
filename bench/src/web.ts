/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '@tasklane/testkit';
import { webDist } from '@tasklane/gateway';
import { startBenchSystem, type BenchSystem } from './harness';
import { seedTasks } from './seed';
import { summary } from './stats';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);

/** Issue 6: the web client's first-load bundle, time to a rendered list of 200 tasks, and scrolling 2 000. */
export async function benchWeb(): Promise<Record<string, unknown>> {
  const report: Record<string, unknown> = { bundle: bundleSize() };
  console.log('first load (gzip -9):', report.bundle);
  const bench = await startBenchSystem();
  const browser = await launchBrowser();
  try {
    report.render200 = await timeToList(browser, bench, 200);
    console.log('navigation → 200 tasks rendered (ms):', report.render200);
    report.scroll2000 = await scrollList(browser, bench, 2_000);
    console.log('2 000 tasks, scrolled top to bottom:', report.scroll2000);
  } finally {
    await browser.close();
    await bench.close();
  }
  return report;
}

/** index.html and every asset it loads, raw and gzipped, in KB. */
function bundleSize(): Record<string, number> {
  const dist = webDist();
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = ['index.html', ...[...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1])];
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, rawKB: Math.round(raw / 102.4) / 10, gzipKB: Math.round(gzip / 102.4) / 10 };
}

/** A user with `count` pending tasks, signed in through the app's own session storage. */
async function userWith(bench: BenchSystem, count: number): Promise<string> {
  const res = await fetch(`${bench.sys.url}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `web-bench-${count}-${Date.now()}@example.com`, password: 'benchmark' }),
  });
  const session = (await res.json()) as { user: { id: string } };
  await seedTasks(bench.sys.db, session.user.id, count);
  // the seed completes every 4th task: the default (pending) view would show 3/4
  await bench.sys.db('tasks.tasks').where('user_id', session.user.id).update({ status: 'PENDING', completed_at: null });
  return JSON.stringify(session);
}

async function signedInPage(browser: Browser, session: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 850 } });
  await context.addInitScript((s) => localStorage.setItem('tasklane:session', s), session);
  return context.newPage();
}

/** Navigation start to `count` rows in the DOM, as the page's own clock measures it; the first run warms caches. */
async function timeToList(browser: Browser, bench: BenchSystem, count: number): Promise<Record<string, number>> {
  const session = await userWith(bench, count);
  const page = await signedInPage(browser, session);
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    await page.goto(`${bench.sys.url}/?status=`);
    await page.waitForFunction((n) => document.querySelectorAll('li.task').length >= n, count, { polling: 'raf' });
    const ms = await page.evaluate(() => performance.now());
    if (run > 0) times.push(ms);
  }
  await page.context().close();
  return summary(times);
}

/**
 * Loads all `count` rows by scrolling, then scrolls top to bottom in steps of 40 px per frame,
 * recording each frame's duration (jank: frames over 20 ms), beside the same loop standing still.
 */
async function scrollList(browser: Browser, bench: BenchSystem, count: number): Promise<Record<string, unknown>> {
  const session = await userWith(bench, count);
  const page = await signedInPage(browser, session);
  await page.goto(`${bench.sys.url}/?status=`);
  const loadStart = Date.now();
  await page.waitForFunction(
    (n) => {
      window.scrollTo(0, document.body.scrollHeight);
      return document.querySelectorAll('li.task').length >= n;
    },
    count,
    { polling: 100, timeout: 60_000 },
  );
  const loadedMs = Date.now() - loadStart;
  // the same loop without scrolling: the frame pacing this machine's headless Chromium gives anyway
  const idle = await page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const deltas: number[] = [];
        let last = performance.now();
        const step = (now: number) => {
          deltas.push(now - last);
          last = now;
          if (deltas.length > 300) resolve(deltas.slice(1));
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
  const frames = await page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        window.scrollTo(0, 0);
        const deltas: number[] = [];
        let last = performance.now();
        const step = (now: number) => {
          deltas.push(now - last);
          last = now;
          window.scrollBy(0, 40);
          if (window.scrollY + window.innerHeight >= document.body.scrollHeight - 1) resolve(deltas.slice(1));
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
  await page.context().close();
  const late = (list: number[]) => Math.round((list.filter((f) => f > 20).length / list.length) * 1000) / 10;
  return {
    rows: count,
    loadAllByScrollingMs: loadedMs,
    frames: frames.length,
    frameMs: summary(frames),
    latePercent: late(frames),
    idleFrameMs: summary(idle),
    idleLatePercent: late(idle),
  };
}
