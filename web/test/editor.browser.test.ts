/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { gql, signUp, type Session } from '@tasklane/testkit';
import { row, shot, startWebFixture, type WebFixture } from './web-fixture';

/** The task editor: details, tags, recurrence with its preview, reminders with snooze, history. */
describe('web client task editor', () => {
  let web: WebFixture;
  let user: Session;

  beforeAll(async () => {
    web = await startWebFixture();
    user = await signUp(web.sys.url, 'Editor');
  });
  afterAll(() => web?.stop());

  async function openEditor(title: string, input: Record<string, unknown> = {}): Promise<{ page: Page; id: string }> {
    const { createTask } = await gql(web.sys.url, user, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: { title, ...input } });
    const page = await web.open(user, `/?task=${createTask.id}`);
    await page.getByRole('dialog').getByLabel('Title', { exact: true }).waitFor();
    return { page, id: createTask.id };
  }
  const task = async (id: string, selection: string) => (await gql(web.sys.url, user, `query($id: ID!) { task(id: $id) { ${selection} } }`, { id })).task;

  it('saves title, description, priority and due date, and shows an API error next to its field', async () => {
    const { page, id } = await openEditor('Draft the report');
    const editor = page.getByRole('dialog');
    await editor.getByLabel('Description', { exact: true }).fill('Quarterly numbers');
    await editor.getByLabel('Priority', { exact: true }).selectOption('HIGH');
    await editor.getByLabel('Due', { exact: true }).fill('2031-02-03T14:30');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByRole('button', { name: 'Saved' }).waitFor();
    const saved = await task(id, 'description priority dueAt');
    expect(saved).toEqual({ description: 'Quarterly numbers', priority: 'HIGH', dueAt: new Date('2031-02-03T14:30').toISOString() });
    await row(page, 'Draft the report').locator('.priority-high').waitFor();

    const long = 'y'.repeat(501);
    await editor.getByLabel('Title', { exact: true }).fill(long);
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.locator('[data-field-error="title"]').waitFor();
    const title = editor.getByLabel('Title', { exact: true });
    expect(await title.inputValue()).toBe(long);
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    // the error describes the field it names
    expect(await editor.locator(`[id="${await title.getAttribute('aria-describedby')}"]`).getAttribute('data-field-error')).toBe('title');
    expect(await editor.getByLabel('Description', { exact: true }).inputValue()).toBe('Quarterly numbers');
    expect((await task(id, 'title')).title).toBe('Draft the report');
  });

  it('adds and removes tags, suggesting the user’s existing tags', async () => {
    await gql(web.sys.url, user, 'mutation { createTask(input: { title: "Tagged before", tags: ["errands", "garden"] }) { id } }');
    const { page, id } = await openEditor('Fix the fence');
    const editor = page.getByRole('dialog');
    await editor.locator('datalist option[value="garden"]').waitFor({ state: 'attached' });
    expect(await editor.locator('datalist option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['errands', 'garden']);
    await editor.getByLabel('Add a tag', { exact: true }).fill('garden');
    await editor.getByLabel('Add a tag', { exact: true }).press('Enter');
    await editor.locator('.chip', { hasText: 'garden' }).waitFor();
    await editor.getByLabel('Add a tag', { exact: true }).fill('#weekend');
    await editor.getByRole('button', { name: 'Add tag' }).click();
    await editor.locator('.chip', { hasText: 'weekend' }).waitFor();
    expect((await task(id, 'tags { name }')).tags).toEqual([{ name: 'garden' }, { name: 'weekend' }]);
    await editor.getByRole('button', { name: 'Remove tag garden' }).click();
    await editor.locator('.chip', { hasText: 'garden' }).waitFor({ state: 'detached' });
    expect((await task(id, 'tags { name }')).tags).toEqual([{ name: 'weekend' }]);
  });

  it('previews the next dates while the rule is edited, shows a rule error at its field, and saves the rule', async () => {
    const { page, id } = await openEditor('Team sync', { dueAt: '2031-03-03T09:00:00Z' }); // a Monday
    const editor = page.getByRole('dialog');
    const repeat = editor.getByRole('group', { name: 'Repeat' });
    await repeat.getByLabel('Frequency', { exact: true }).selectOption('WEEKLY');
    await repeat.getByLabel('Timezone', { exact: true }).fill('UTC');
    await repeat.getByLabel('TH', { exact: true }).check();
    await repeat.getByLabel('MO', { exact: true }).check();
    const preview = () => editor.locator('.preview time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
    await editor.locator('.preview time[datetime="2031-03-13T09:00:00.000Z"]').waitFor();
    expect(await preview()).toEqual(['2031-03-03T09:00:00.000Z', '2031-03-06T09:00:00.000Z', '2031-03-10T09:00:00.000Z', '2031-03-13T09:00:00.000Z', '2031-03-17T09:00:00.000Z']);

    await repeat.getByLabel('Every', { exact: true }).fill('0');
    await editor.locator('[data-field-error="interval"]').waitFor();
    await repeat.getByLabel('Every', { exact: true }).fill('2');
    await editor.locator('.preview time[datetime="2031-03-17T09:00:00.000Z"]').waitFor();
    expect(await preview()).toEqual(['2031-03-03T09:00:00.000Z', '2031-03-06T09:00:00.000Z', '2031-03-17T09:00:00.000Z', '2031-03-20T09:00:00.000Z', '2031-03-31T09:00:00.000Z']);
    await repeat.getByLabel('Ends', { exact: true }).selectOption('count');
    await repeat.getByLabel('Times', { exact: true }).fill('3');
    await repeat.getByLabel('Next one from', { exact: true }).selectOption('FROM_COMPLETION');
    await repeat.getByLabel('Create each one at its due time').check();
    await editor.locator('.preview time').nth(3).waitFor({ state: 'detached' });
    await shot(page, 'recurrence-editor');
    await repeat.getByRole('button', { name: 'Save repeat' }).click();
    await repeat.getByText('Saved').waitFor();
    expect((await task(id, 'recurrence { rrule mode autoCreate timezone count }')).recurrence).toEqual({
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=3',
      mode: 'FROM_COMPLETION',
      autoCreate: true,
      timezone: 'UTC',
      count: 3,
    });
    await row(page, 'Team sync').locator('[aria-label="Repeats"]').waitFor();

    await repeat.getByLabel('Frequency', { exact: true }).selectOption('');
    await repeat.getByRole('button', { name: 'Stop repeating' }).click();
    await row(page, 'Team sync').locator('[aria-label="Repeats"]').waitFor({ state: 'detached' });
    expect((await task(id, 'recurrence { active }')).recurrence).toBeNull();
  });

  it('adds reminders before the due date or at a time, on chosen channels, snoozes and removes them', async () => {
    const { page, id } = await openEditor('Dentist', { dueAt: '2031-06-10T15:00:00Z', reminders: [] });
    const editor = page.getByRole('dialog');
    const reminders = editor.getByRole('region', { name: 'Reminders' });
    await reminders.getByLabel('When', { exact: true }).selectOption('P1D');
    await reminders.getByLabel('E-mail', { exact: true }).check();
    await reminders.getByRole('button', { name: 'Add reminder' }).click();
    await reminders.locator('li.reminder time[datetime="2031-06-09T15:00:00.000Z"]').waitFor();
    await reminders.getByLabel('Remind', { exact: true }).selectOption('at');
    await reminders.getByLabel('At', { exact: true }).fill('2031-06-10T08:00');
    await reminders.getByLabel('E-mail', { exact: true }).uncheck();
    await reminders.getByRole('button', { name: 'Add reminder' }).click();
    await reminders.locator('li.reminder').nth(1).waitFor();
    expect((await task(id, 'reminders { before channels }')).reminders).toEqual([
      { before: 'P1D', channels: ['IN_APP', 'EMAIL'] },
      { before: null, channels: ['IN_APP'] },
    ]);
    await row(page, 'Dentist').locator('[aria-label="Has reminders"]').waitFor();

    // no channel is an API error shown next to the channels
    await reminders.getByLabel('In the app', { exact: true }).uncheck();
    await reminders.getByRole('button', { name: 'Add reminder' }).click();
    await reminders.locator('[data-field-error="channels"]').waitFor();

    await reminders.locator('li.reminder').first().getByRole('button', { name: 'Snooze 1 h' }).click();
    const snoozed = Date.now() + 60 * 60_000;
    await page.waitForFunction(() => document.querySelectorAll('li.reminder time')[0]?.getAttribute('datetime') !== '2031-06-09T15:00:00.000Z');
    const first = (await task(id, 'reminders { remindAt }')).reminders[0];
    expect(Math.abs(new Date(first.remindAt).getTime() - snoozed)).toBeLessThan(60_000);

    await reminders.locator('li.reminder').first().getByRole('button', { name: /Remove reminder/ }).click();
    await reminders.locator('li.reminder').nth(1).waitFor({ state: 'detached' });
    expect((await task(id, 'reminders { id }')).reminders).toHaveLength(1);
  });

  it('shows the task’s history from the audit log, kept current', async () => {
    const { page, id } = await openEditor('Historic', { priority: 'LOW' });
    const editor = page.getByRole('dialog');
    await gql(web.sys.url, user, 'mutation($id: ID!) { updateTask(id: $id, input: { title: "Historic, renamed" }) { id } }', { id });
    await editor.getByRole('tab', { name: 'History' }).click();
    const history = editor.getByRole('list', { name: 'History' });
    await history.locator('li[data-action="UPDATED"]').waitFor();
    expect(await history.locator('li[data-action="UPDATED"] .change').allTextContents()).toContain('title: Historic → Historic, renamed');
    await history.locator('li[data-action="CREATED"]').waitFor();
    // a change made while the tab is open appears in it
    await gql(web.sys.url, user, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id });
    await history.locator('li[data-action="COMPLETED"]').waitFor({ timeout: 3_000 });
    await shot(page, 'history');
  });
});
