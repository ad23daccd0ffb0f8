import { toPrefixQuery } from '../src/services/task-query';
import { isDueSoon, isOverdue } from '../src/resolvers/task';
import type { TaskModel } from '../src/models/task';

describe('search terms', () => {
  it.each([
    ['groc', 'groc:*'],
    ['  Buy   groc ', 'Buy:* & groc:*'],
    ["o'neil & (x | !y)", 'o:* & neil:* & x:* & y:*'],
    ['Crème brûlée', 'Crème:* & brûlée:*'],
    ['!!! ---', undefined],
  ])('%j → %j', (search, expected) => {
    expect(toPrefixQuery(search)).toBe(expected);
  });
});

describe('due flags', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const task = (status: 'PENDING' | 'COMPLETED', due: string | null) =>
    ({ status, dueAt: due ? new Date(due) : null }) as TaskModel;

  it.each([
    ['PENDING', '2026-06-01T11:59:59Z', true, false],
    ['PENDING', '2026-06-01T12:00:00Z', false, true],
    ['PENDING', '2026-06-02T12:00:00Z', false, true],
    ['PENDING', '2026-06-02T12:00:01Z', false, false],
    ['COMPLETED', '2026-05-01T00:00:00Z', false, false],
    ['PENDING', null, false, false],
  ] as const)('%s due %s → overdue %s, due soon %s', (status, due, overdue, soon) => {
    expect(isOverdue(task(status, due), now)).toBe(overdue);
    expect(isDueSoon(task(status, due), now)).toBe(soon);
  });
});
