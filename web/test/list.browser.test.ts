/// <reference lib="dom" />
import { gql, signUp, type Session } from '@tasklane/testkit';
import { expectTitles, row, titles, startWebFixture, type WebFixture } from './web-fixture';

const HOUR = 3_600_000;

/** Search, every filter, sort and paging give the rows the API would, and the view lives in the URL. */
describe('web client task list', () => {
  let web: WebFixture;
  let user: Session;

  beforeAll(async () => {
    web = await startWebFixture();
    user = await signUp(web.sys.url, 'Lister');
    const now = Date.now();
    const tasks = [
      { title: 'Buy groceries', priority: 'LOW', dueAt: new Date(now + 2 * HOUR).toISOString(), tags: ['home'] },
      { title: 'Call mom', priority: 'HIGH', dueAt: new Date(now - 2 * 24 * HOUR).toISOString(), tags: ['family'] },
      { title: 'Book dentist', priority: 'MEDIUM', dueAt: new Date(now + 20 * 24 * HOUR).toISOString(), recurrence: { frequency: 'YEARLY' } },
      { title: 'Read a novel', priority: 'NONE', tags: ['home'] },
    ];
    for (const input of tasks) await gql(web.sys.url, user, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: input });
    const { tasks: done } = await gql(web.sys.url, user, '{ tasks(search: "read") { edges { node { id } } } }');
    await gql(web.sys.url, user, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: done.edges[0].node.id });
  });
  afterAll(() => web?.stop());

  it('sorts by each field in both directions', async () => {
    const page = await web.open(user);
    await expectTitles(page, ['Book dentist', 'Call mom', 'Buy groceries']); // newest first
    // due dates: overdue red, due within a day amber, later plain
    expect(await row(page, 'Call mom').locator('time.due').getAttribute('class')).toBe('due overdue');
    expect(await row(page, 'Buy groceries').locator('time.due').getAttribute('class')).toBe('due due-soon');
    expect(await row(page, 'Book dentist').locator('time.due').getAttribute('class')).toBe('due');
    const colour = (title: string, selector: string, property: 'color' | 'backgroundColor') =>
      row(page, title).locator(selector).evaluate((el, p) => getComputedStyle(el)[p], property);
    expect(await colour('Call mom', 'time.due', 'color')).toBe('rgb(209, 36, 47)'); // red
    expect(await colour('Buy groceries', 'time.due', 'color')).toBe('rgb(191, 135, 0)'); // amber
    // priority badges: HIGH red, MEDIUM amber, LOW blue; tag chips in the tag's own colour
    expect(await colour('Call mom', '.badge', 'backgroundColor')).toBe('rgb(209, 36, 47)');
    expect(await colour('Book dentist', '.badge', 'backgroundColor')).toBe('rgb(191, 135, 0)');
    expect(await colour('Buy groceries', '.badge', 'backgroundColor')).toBe('rgb(9, 105, 218)');
    const { tags } = await gql(web.sys.url, user, '{ tags { name color } }');
    const home = tags.find((t: { name: string }) => t.name === 'home').color as string;
    const rgb = home.match(/[0-9a-f]{2}/gi)!.map((h) => parseInt(h, 16));
    expect(await colour('Buy groceries', '.chip', 'backgroundColor')).toBe(`rgb(${rgb.join(', ')})`);
    await page.getByRole('button', { name: 'Title' }).click();
    await expectTitles(page, ['Book dentist', 'Buy groceries', 'Call mom']);
    await page.getByRole('button', { name: /Title/ }).click();
    await expectTitles(page, ['Call mom', 'Buy groceries', 'Book dentist']);
    await page.getByRole('button', { name: 'Due' }).click();
    await expectTitles(page, ['Call mom', 'Buy groceries', 'Book dentist']);
    await page.getByRole('button', { name: 'Priority' }).click(); // highest first
    await expectTitles(page, ['Call mom', 'Book dentist', 'Buy groceries']);
    await page.getByRole('button', { name: /Priority/ }).click();
    await expectTitles(page, ['Buy groceries', 'Book dentist', 'Call mom']);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('PRIORITY');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('ASC');
  });

  it('filters by status, priority, tag, due range, overdue and recurring', async () => {
    const page = await web.open(user, '/?sort=TITLE&dir=ASC');
    const cases: Array<[string, string, string[]]> = [
      ['Status', 'COMPLETED', ['Read a novel']],
      ['Status', '', ['Book dentist', 'Buy groceries', 'Call mom', 'Read a novel']],
      ['Priority filter', 'HIGH', ['Call mom']],
      ['Priority filter', '', ['Book dentist', 'Buy groceries', 'Call mom', 'Read a novel']],
      ['Tag filter', 'home', ['Buy groceries', 'Read a novel']],
      ['Tag filter', '', ['Book dentist', 'Buy groceries', 'Call mom', 'Read a novel']],
      ['Due filter', 'week', ['Buy groceries']],
      ['Due filter', 'month', ['Book dentist', 'Buy groceries']],
      ['Due filter', 'none', ['Read a novel']],
      ['Due filter', '', ['Book dentist', 'Buy groceries', 'Call mom', 'Read a novel']],
      ['Overdue filter', 'yes', ['Call mom']],
      ['Overdue filter', 'no', ['Book dentist', 'Buy groceries', 'Read a novel']],
      ['Overdue filter', '', ['Book dentist', 'Buy groceries', 'Call mom', 'Read a novel']],
      ['Recurring filter', 'yes', ['Book dentist']],
      ['Recurring filter', 'no', ['Buy groceries', 'Call mom', 'Read a novel']],
    ];
    for (const [filter, value, expected] of cases) {
      await page.getByLabel(filter, { exact: true }).selectOption(value);
      await expectTitles(page, expected);
    }
    // filters combine, and a reload shows the same view
    await page.getByLabel('Tag filter', { exact: true }).selectOption('home');
    await expectTitles(page, ['Buy groceries', 'Read a novel']);
    await page.reload();
    await page.waitForSelector('[data-link="live"]');
    await expectTitles(page, ['Buy groceries', 'Read a novel']);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ status: '', recurring: 'no', tag: 'home' });
  });

  it('searches as you type (debounced), with the search in the URL', async () => {
    const page = await web.open(user);
    await page.getByPlaceholder('Search…').fill('groc');
    await expectTitles(page, ['Buy groceries']);
    expect(new URL(page.url()).searchParams.get('search')).toBe('groc');
    await page.reload();
    await page.waitForSelector('[data-link="live"]');
    await expectTitles(page, ['Buy groceries']);
    expect(await page.getByPlaceholder('Search…').inputValue()).toBe('groc');
  });

  it('loads more as it scrolls, with no row missing or repeated when tasks come and go meanwhile', async () => {
    const many = await signUp(web.sys.url, 'Many');
    const inputs = Array.from({ length: 230 }, (_, i) => `{ title: "Item ${String(i).padStart(3, '0')}" }`);
    for (let i = 0; i < inputs.length; i += 50) {
      const batch = inputs.slice(i, i + 50).map((input, j) => `t${j}: createTask(input: ${input}) { id }`);
      await gql(web.sys.url, many, `mutation { ${batch.join(' ')} }`);
    }
    const page = await web.open(many, '/?sort=TITLE&dir=ASC');
    await page.locator('li.task').first().waitFor();
    expect(await page.locator('li.task').count()).toBe(200); // one page
    for (let i = 0; i < 4; i++) {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(300);
    }
    const items = Array.from({ length: 230 }, (_, i) => `Item ${String(i).padStart(3, '0')}`);
    await expectTitles(page, items);
    // new tasks sorting first push every loaded page's rows down
    await gql(web.sys.url, many, 'mutation { a: createTask(input: { title: "Aardvark" }) { id } b: createTask(input: { title: "Abacus" }) { id } }');
    const expected = ['Aardvark', 'Abacus', ...items];
    await expectTitles(page, expected);
    // and one removed from the middle of page one
    const { tasks } = await gql(web.sys.url, many, '{ tasks(search: "Item 050") { edges { node { id } } } }');
    await gql(web.sys.url, many, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: tasks.edges[0].node.id });
    await expectTitles(page, expected.filter((t) => t !== 'Item 050'));
    expect(new Set(await titles(page)).size).toBe(231);
  });
});
