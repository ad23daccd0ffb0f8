/// <reference lib="dom" />
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ARTIFACTS, eventually, launchBrowser, startTestSystem, type Session, type TestSystem } from '@tasklane/testkit';

/** A running system (the gateway serves the built web client) and Debian's Chromium driving it. */
export interface WebFixture {
  sys: TestSystem;
  browser: Browser;
  /** a new window signed in as `session` (the app keeps its session in localStorage), live */
  open(session: Session, url?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** a window with nobody signed in */
  openSignedOut(): Promise<Page>;
  stop(): Promise<void>;
}

export async function startWebFixture(): Promise<WebFixture> {
  const sys = await startTestSystem();
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await sys.stop();
    throw error;
  });
  const contexts: BrowserContext[] = [];
  const context = async (viewport = { width: 1100, height: 850 }) => {
    const created = await browser.newContext({ viewport });
    contexts.push(created);
    return created;
  };
  return {
    sys,
    browser,
    async open(session, url = '/', viewport) {
      const ctx = await context(viewport);
      await ctx.addInitScript((s) => localStorage.setItem('tasklane:session', s), JSON.stringify(session));
      const page = await ctx.newPage();
      await page.goto(`${sys.url}${url}`);
      await page.waitForSelector('[data-link="live"]');
      return page;
    },
    async openSignedOut() {
      const page = await (await context()).newPage();
      await page.goto(sys.url);
      return page;
    },
    async stop() {
      for (const ctx of contexts) await ctx.close();
      await browser.close();
      await sys.stop();
    },
  };
}

export const row = (page: Page, title: string): Locator => page.locator('li.task', { hasText: title });

export const titles = (page: Page): Promise<string[]> => page.locator('li.task .title').allTextContents();

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `web-${name}.png`), fullPage: true });

/** Waits until the list shows exactly `expected`, in order, then asserts it (a failure prints what it showed). */
export async function expectTitles(page: Page, expected: string[]): Promise<void> {
  let last: string[] = [];
  await eventually(async () => ((last = await titles(page)), JSON.stringify(last) === JSON.stringify(expected) ? true : undefined), 5_000).catch(() => undefined);
  expect(last).toEqual(expected);
}

/** Runs `act` and returns how long `appears` took to resolve after it. */
export async function timeUntil(act: () => Promise<unknown>, appears: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await act();
  await appears();
  return Date.now() - started;
}
