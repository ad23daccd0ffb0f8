/// <reference lib="dom" />
import { gql, signUp, type Session } from '@tasklane/testkit';
import { row, shot, startWebFixture, timeUntil, type WebFixture } from './web-fixture';

/** The web client in Debian's Chromium, served by the gateway: sessions, live windows, reminders. */
describe('web client in a browser', () => {
  let web: WebFixture;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    web = await startWebFixture();
    [alice, bob] = await Promise.all([signUp(web.sys.url, 'Alice'), signUp(web.sys.url, 'Bob')]);
  });
  afterAll(() => web?.stop());

  it('signs up, keeps the session over a reload, and logs out', async () => {
    const page = await web.openSignedOut();
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    await page.getByLabel('Email').fill(`web-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForSelector('[data-field-error="password"]');
    expect(await page.getByLabel('Password').inputValue()).toBe('short'); // nothing typed is lost
    await shot(page, 'signup-error');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForSelector('[data-link="live"]');
    await page.reload();
    await page.waitForSelector('[data-link="live"]');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForSelector('form[aria-label="Log in"]');
  });

  it("shows one window's create, edit, tag and completion in another of the same user within 1 s, and none to another user", async () => {
    const [first, second, other] = [await web.open(alice), await web.open(alice), await web.open(bob)];

    await first.getByPlaceholder('Add a task…').fill('Water the plants');
    await first.getByLabel('Priority', { exact: true }).selectOption('HIGH');
    const created = await timeUntil(
      () => first.getByRole('button', { name: 'Add' }).click(),
      () => row(second, 'Water the plants').locator('.priority-high').waitFor({ timeout: 1_000 }),
    );
    expect(created).toBeLessThan(1_000);
    await shot(second, 'list');

    await first.getByRole('button', { name: 'Edit Water the plants' }).click();
    const editor = first.getByRole('dialog');
    await editor.getByLabel('Title').fill('Water the ferns');
    const edited = await timeUntil(
      () => editor.getByRole('button', { name: 'Save changes' }).click(),
      () => row(second, 'Water the ferns').waitFor({ timeout: 1_000 }),
    );
    expect(edited).toBeLessThan(1_000);

    await editor.getByLabel('Add a tag').fill('home');
    const tagged = await timeUntil(
      () => editor.getByRole('button', { name: 'Add tag' }).click(),
      () => row(second, 'Water the ferns').locator('.chip', { hasText: 'home' }).waitFor({ timeout: 1_000 }),
    );
    expect(tagged).toBeLessThan(1_000);
    await shot(first, 'editor');
    await editor.getByRole('button', { name: 'Close editor' }).click();

    const completed = await timeUntil(
      () => row(first, 'Water the ferns').getByRole('checkbox').click(),
      () => row(second, 'Water the ferns').waitFor({ state: 'detached', timeout: 1_000 }),
    );
    expect(completed).toBeLessThan(1_000);

    // Bob's window got nothing, live or on reload
    await other.reload();
    await other.waitForSelector('[data-link="live"]');
    await other.locator('li.muted', { hasText: 'Nothing here.' }).waitFor();
    expect(await other.locator('li.task').count()).toBe(0);
    await shot(other, 'other-user');
  });

  it('shows a change made through the API (another device, the chatbot) without a reload', async () => {
    const page = await web.open(alice);
    const { createTask } = await gql(web.sys.url, alice, 'mutation { createTask(input: { title: "From the phone" }) { id } }');
    await row(page, 'From the phone').waitFor({ timeout: 1_000 });
    await gql(web.sys.url, alice, 'mutation($id: ID!) { updateTask(id: $id, input: { priority: LOW }) { id } }', { id: createTask.id });
    await row(page, 'From the phone').locator('.priority-low').waitFor({ timeout: 1_000 });
  });

  it('shows the connection state, and catches up after a reconnect with what changed while offline, open editor included', async () => {
    const { createTask: open } = await gql(web.sys.url, alice, 'mutation { createTask(input: { title: "Renamed while offline" }) { id } }');
    const page = await web.open(alice);
    // a network drop, as the page sees it: its socket closes and new ones fail until the "network" returns
    await page.context().addInitScript(() => {
      const Real = window.WebSocket;
      const state = { down: false, sockets: [] as WebSocket[] };
      (window as unknown as { net: typeof state }).net = state;
      window.WebSocket = class extends Real {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(state.down ? 'ws://127.0.0.1:9/unreachable' : url, protocols);
          state.sockets.push(this);
        }
      } as typeof WebSocket;
    });
    await page.goto(`${web.sys.url}/?task=${open.id}`);
    await page.waitForSelector('[data-link="live"]');
    await page.getByRole('heading', { name: 'Renamed while offline' }).waitFor();
    await page.evaluate(() => {
      const net = (window as unknown as { net: { down: boolean; sockets: WebSocket[] } }).net;
      net.down = true;
      for (const socket of net.sockets) socket.close(3000, 'network down');
    });
    await page.waitForSelector('[data-link="offline"], [data-link="connecting"]');
    await shot(page, 'offline');
    await gql(web.sys.url, alice, 'mutation { createTask(input: { title: "Made while offline" }) { id } }');
    await gql(web.sys.url, alice, 'mutation($id: ID!) { updateTask(id: $id, input: { title: "Renamed offline, seen after" }) { id } }', { id: open.id });
    await page.waitForTimeout(500);
    expect(await row(page, 'Made while offline').count()).toBe(0); // missed: no socket
    await page.evaluate(() => ((window as unknown as { net: { down: boolean } }).net.down = false));
    await page.waitForSelector('[data-link="live"]', { timeout: 20_000 });
    await row(page, 'Made while offline').waitFor({ timeout: 3_000 });
    await page.getByRole('heading', { name: 'Renamed offline, seen after' }).waitFor({ timeout: 3_000 });
  });

  it('shows a recurring task’s next occurrence when it is completed with one click', async () => {
    await gql(web.sys.url, alice, 'mutation { createTask(input: { title: "Weekly review", dueAt: "2030-01-07T09:00:00Z", recurrence: { frequency: WEEKLY } }) { id } }');
    const page = await web.open(alice, '/?search=weekly');
    await row(page, 'Weekly review').getByRole('checkbox').click();
    const next = page.locator('li.task', { hasText: 'Weekly review' }).filter({ has: page.locator('time[datetime="2030-01-14T09:00:00.000Z"]') });
    await next.waitFor({ timeout: 3_000 });
    expect(await next.locator('[aria-label="Repeats"]').count()).toBe(1);
    expect(await page.locator('li.task time[datetime="2030-01-07T09:00:00.000Z"]').count()).toBe(0); // the done one left the pending view
  });

  it('shows an API validation error next to its field, keeping the text', async () => {
    const page = await web.open(alice);
    const long = 'x'.repeat(501);
    await page.getByPlaceholder('Add a task…').fill(long);
    await page.getByRole('button', { name: 'Add' }).click();
    await page.waitForSelector('form[aria-label="Add a task"] [data-field-error="title"]');
    expect(await page.getByPlaceholder('Add a task…').inputValue()).toBe(long);
    await shot(page, 'field-error');
  });

  it('adds tags typed as #words in the quick-add box', async () => {
    const page = await web.open(alice);
    await page.getByPlaceholder('Add a task…').fill('Pay rent #bills #home');
    await page.getByRole('button', { name: 'Add' }).click();
    await row(page, 'Pay rent').locator('.chip', { hasText: 'bills' }).waitFor();
    expect(await row(page, 'Pay rent').locator('.chip').allTextContents()).toEqual(['bills', 'home']);
  });

  it('deletes with undo', async () => {
    await gql(web.sys.url, alice, 'mutation { createTask(input: { title: "Maybe delete me" }) { id } }');
    const page = await web.open(alice);
    await page.getByRole('button', { name: 'Delete Maybe delete me' }).click();
    await row(page, 'Maybe delete me').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await row(page, 'Maybe delete me').waitFor();
    await page.waitForTimeout(5_500);
    const { tasks } = await gql(web.sys.url, alice, '{ tasks(search: "maybe delete") { totalCount } }');
    expect(tasks.totalCount).toBe(1);

    await page.getByRole('button', { name: 'Delete Maybe delete me' }).click();
    await page.waitForTimeout(5_500);
    const after = await gql(web.sys.url, alice, '{ tasks(search: "maybe delete") { totalCount } }');
    expect(after.tasks.totalCount).toBe(0);
  });

  it('shows a toast and a browser notification when a reminder comes due, and snoozes it from the toast', async () => {
    const page = await web.open(alice);
    await page.context().grantPermissions(['notifications']);
    // count the notifications the page raises (the Notification API, wrapped to be observable)
    await page.evaluate(() => {
      const Real = window.Notification;
      const shown: string[] = [];
      (window as unknown as { shown: string[] }).shown = shown;
      class Counted extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push(`${title}: ${options?.body ?? ''}`);
        }
      }
      Object.defineProperty(Counted, 'permission', { get: () => Real.permission });
      window.Notification = Counted as typeof Notification;
    });
    const { createTask } = await gql(web.sys.url, alice, 'mutation($at: DateTime!) { createTask(input: { title: "Stretch", reminders: [{ at: $at }] }) { id reminders { id } } }', {
      at: new Date(Date.now() + 3_000).toISOString(),
    });
    const toast = page.locator('.toast.reminder', { hasText: 'Stretch' });
    await toast.waitFor({ timeout: 6_000 });
    expect(await page.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual(['Reminder: Stretch']);
    await shot(page, 'reminder');

    await toast.getByRole('button', { name: 'Snooze 10 min' }).click();
    await toast.waitFor({ state: 'detached' });
    const { task } = await gql(web.sys.url, alice, 'query($id: ID!) { task(id: $id) { reminders { id status remindAt } } }', { id: createTask.id });
    expect(task.reminders[0].status).toBe('SCHEDULED');
    expect(new Date(task.reminders[0].remindAt).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
  });

  it('asks for notification permission only on a click', async () => {
    const page = await web.open(alice);
    const button = page.getByRole('button', { name: 'Enable notifications' });
    expect(await button.count()).toBe(1); // permission is still "default": nothing asked on load
  });

  it('is usable from the keyboard and on a phone-sized screen', async () => {
    await gql(web.sys.url, alice, 'mutation { createTask(input: { title: "Keyboard only", priority: MEDIUM, dueAt: "2031-05-01T10:00:00Z", tags: ["work"] }) { id } }');
    const page = await web.open(alice, '/?search=keyboard', { width: 390, height: 800 });
    await row(page, 'Keyboard only').waitFor();
    await row(page, 'Keyboard only').getByRole('button', { name: 'Edit Keyboard only' }).focus();
    await page.keyboard.press('Enter');
    const editor = page.getByRole('dialog');
    await editor.getByLabel('Title').waitFor();
    expect(new URL(page.url()).searchParams.get('task')).toBeTruthy(); // the open editor is in the URL
    await shot(page, 'phone-editor');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog'));
    expect(new URL(page.url()).searchParams.get('task')).toBeNull();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390); // nothing wider than the phone
    await shot(page, 'phone-list');
  });
});
