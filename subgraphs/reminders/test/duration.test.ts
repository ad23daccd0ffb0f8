import { parseDuration, subtractDuration } from '../src/services/duration';

describe('ISO-8601 durations', () => {
  const due = new Date('2026-03-31T09:00:00Z');
  it.each([
    ['PT1H', '2026-03-31T08:00:00.000Z'],
    ['PT15M', '2026-03-31T08:45:00.000Z'],
    ['P1D', '2026-03-30T09:00:00.000Z'],
    ['P1DT2H30M', '2026-03-30T06:30:00.000Z'],
    ['P1W', '2026-03-24T09:00:00.000Z'],
    ['PT90S', '2026-03-31T08:58:30.000Z'],
    ['p1y', '2025-03-31T09:00:00.000Z'],
  ])('%s before %s', (text, expected) => {
    expect(subtractDuration(due, parseDuration(text)).toISOString()).toBe(expected);
  });

  it.each(['', 'P', 'PT', '1H', 'PT1.5H', 'one hour', 'P-1D'])('refuses %j naming before', (text) => {
    expect(() => parseDuration(text)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'before' }) }));
  });
});
