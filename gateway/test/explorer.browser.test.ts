/// <reference lib="dom" />
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, gql, launchBrowser, signUp, startTestSystem, type Session, type TestSystem } from '@tasklane/testkit';

/** The GraphQL explorer in Debian's Chromium: a subscription runs over the socket, offline assets. */
describe('explorer in a browser', () => {
  let sys: TestSystem;
  let browser: Browser;
  let alice: Session;
  beforeAll(async () => {
    sys = await startTestSystem();
    alice = await signUp(sys.url, 'Explorer');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('runs a subscription and shows a change made meanwhile', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(sys.url) && !r.url().startsWith('ws') && !r.url().startsWith('data:')) external.push(r.url());
    });
    const frames: string[] = [];
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => frames.push(`> ${String(f.payload).slice(0, 200)}`));
      ws.on('framereceived', (f) => frames.push(`< ${String(f.payload).slice(0, 200)}`));
      ws.on('close', () => frames.push('closed'));
    });
    await page.addInitScript((token) => {
      localStorage.setItem('graphiql:headers', JSON.stringify({ Authorization: `Bearer ${token}` }));
    }, alice.token);
    await page.goto(`${sys.url}/graphql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    await page.evaluate(() => {
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(v: string): void } };
      editor.CodeMirror.setValue('subscription { taskChanged { type task { title priority } } }');
    });
    await page.waitForTimeout(1_000); // GraphiQL parses the edited document after a debounce
    await page.click('.graphiql-execute-button');
    await page.waitForTimeout(500);
    await gql(sys.url, alice, 'mutation { createTask(input: { title: "Seen in the explorer", priority: HIGH }) { id } }');
    try {
      await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('Seen in the explorer'), undefined, { timeout: 5_000 });
    } catch (error) {
      throw new Error(`${String(error)}\n${frames.join('\n')}`, { cause: error });
    } finally {
      await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-subscription.png') });
    }
    const response = await page.textContent('.graphiql-response');
    expect(response).toContain('CREATED');
    expect(response).toContain('HIGH');
    expect(external).toEqual([]);
  });
});
