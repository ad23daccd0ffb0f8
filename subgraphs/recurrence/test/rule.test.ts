import { formatRRule, nextOccurrence, parseRRule, ruleFromFields, type Rule } from '../src/rules/rule';
import { fromLocal, toLocal } from '../src/rules/zoned-time';

/** Occurrences after the first, for a series whose first occurrence is `first` in `tz`. */
function series(rule: Rule, first: string, tz: string, n: number): string[] {
  const anchor = toLocal(new Date(first), tz);
  const out: string[] = [];
  let after = new Date(first);
  for (let i = 0; i < n; i++) {
    const next = nextOccurrence(rule, anchor, tz, after);
    if (!next) break;
    out.push(next.toISOString());
    after = next;
  }
  return out;
}

const rule = (text: string) => parseRRule(text);

describe('next occurrences', () => {
  it.each([
    // [rule, first occurrence, tz, expected next occurrences]
    ['FREQ=DAILY', '2026-01-30T09:00:00Z', 'UTC', ['2026-01-31T09:00:00.000Z', '2026-02-01T09:00:00.000Z']],
    ['FREQ=DAILY;INTERVAL=3', '2026-02-27T09:00:00Z', 'UTC', ['2026-03-02T09:00:00.000Z', '2026-03-05T09:00:00.000Z']],
    ['FREQ=WEEKLY', '2026-05-06T09:00:00Z', 'UTC', ['2026-05-13T09:00:00.000Z', '2026-05-20T09:00:00.000Z']],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR', '2026-05-06T09:00:00Z', 'UTC', ['2026-05-08T09:00:00.000Z', '2026-05-11T09:00:00.000Z', '2026-05-13T09:00:00.000Z']],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH', '2026-05-05T09:00:00Z', 'UTC', ['2026-05-07T09:00:00.000Z', '2026-05-19T09:00:00.000Z', '2026-05-21T09:00:00.000Z']],
    ['FREQ=WEEKLY;BYDAY=SA,SU', '2026-05-09T10:00:00Z', 'UTC', ['2026-05-10T10:00:00.000Z', '2026-05-16T10:00:00.000Z']],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU', '2026-05-09T10:00:00Z', 'UTC', ['2026-05-10T10:00:00.000Z', '2026-05-11T10:00:00.000Z']],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', '2026-05-08T07:00:00Z', 'UTC', ['2026-05-11T07:00:00.000Z', '2026-05-12T07:00:00.000Z']],
    // the 31st: months without one are skipped (RFC 5545)
    ['FREQ=MONTHLY', '2026-01-31T09:00:00Z', 'UTC', ['2026-03-31T09:00:00.000Z', '2026-05-31T09:00:00.000Z', '2026-07-31T09:00:00.000Z']],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', '2026-01-31T09:00:00Z', 'UTC', ['2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z', '2026-04-30T09:00:00.000Z']],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', '2028-01-31T09:00:00Z', 'UTC', ['2028-02-29T09:00:00.000Z']],
    ['FREQ=MONTHLY;BYMONTHDAY=1,15', '2026-01-15T09:00:00Z', 'UTC', ['2026-02-01T09:00:00.000Z', '2026-02-15T09:00:00.000Z']],
    ['FREQ=MONTHLY;BYMONTHDAY=30', '2026-01-30T09:00:00Z', 'UTC', ['2026-03-30T09:00:00.000Z']],
    // leap day: only leap years
    ['FREQ=YEARLY', '2024-02-29T09:00:00Z', 'UTC', ['2028-02-29T09:00:00.000Z', '2032-02-29T09:00:00.000Z']],
    ['FREQ=YEARLY;INTERVAL=2', '2026-06-01T09:00:00Z', 'UTC', ['2028-06-01T09:00:00.000Z']],
    // DST: 09:00 local stays 09:00 local
    ['FREQ=DAILY', '2026-03-28T08:00:00Z', 'Europe/Berlin', ['2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']],
    ['FREQ=DAILY', '2026-10-24T07:00:00Z', 'Europe/Berlin', ['2026-10-25T08:00:00.000Z']],
    ['FREQ=WEEKLY', '2026-03-02T14:00:00Z', 'America/New_York', ['2026-03-09T13:00:00.000Z']],
    ['FREQ=WEEKLY', '2026-10-26T13:00:00Z', 'America/New_York', ['2026-11-02T14:00:00.000Z']],
    ['FREQ=MONTHLY', '2026-03-15T13:00:00Z', 'America/New_York', ['2026-04-15T13:00:00.000Z']],
    // local dates, not UTC ones: 23:30 in New York is the next day in UTC
    ['FREQ=WEEKLY;BYDAY=MO', '2026-05-05T03:30:00Z', 'America/New_York', ['2026-05-12T03:30:00.000Z']],
  ])('%s from %s (%s)', (text, first, tz, expected) => {
    expect(series(rule(text), first, tz, expected.length)).toEqual(expected);
  });

  it('stops after UNTIL (inclusive)', () => {
    expect(series(rule('FREQ=DAILY;UNTIL=20260103T090000Z'), '2026-01-01T09:00:00Z', 'UTC', 5)).toEqual([
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
    ]);
  });

  it('keeps wall-clock time through both DST changes of a year', () => {
    const anchor = toLocal(new Date('2026-01-05T08:00:00Z'), 'Europe/Berlin');
    let after = new Date('2026-01-05T08:00:00Z');
    for (let i = 0; i < 60; i++) {
      after = nextOccurrence(rule('FREQ=WEEKLY'), anchor, 'Europe/Berlin', after)!;
      expect(toLocal(after, 'Europe/Berlin')).toMatchObject({ hour: 9, minute: 0 });
    }
  });
});

describe('wall clock and instants', () => {
  it('takes the earlier instant in an overlap and steps over a gap', () => {
    expect(fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('rules', () => {
  it('parses and formats RRULE text', () => {
    expect(formatRRule(rule('RRULE:freq=weekly;interval=2;byday=mo,fr;count=5'))).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=5');
    expect(formatRRule(rule('FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20261231'))).toBe('FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20261231T235959Z');
  });

  it.each([
    ['', 'rrule'],
    ['FREQ=HOURLY', 'rrule'],
    ['FREQ=MONTHLY;BYDAY=1MO', 'rrule'],
    ['FREQ=DAILY;BYHOUR=9', 'rrule'],
    ['FREQ=DAILY;INTERVAL=0', 'rrule'],
    ['FREQ=DAILY;COUNT=x', 'rrule'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'rrule'],
  ])('refuses %j naming %s', (text, field) => {
    expect(() => rule(text)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }));
  });

  it.each([
    [{}, 'frequency'],
    [{ frequency: 'DAILY', interval: 0 }, 'interval'],
    [{ frequency: 'WEEKLY', byWeekday: ['XX'] }, 'byWeekday'],
    [{ frequency: 'MONTHLY', byMonthDay: [0] }, 'byMonthDay'],
    [{ frequency: 'DAILY', count: 0 }, 'count'],
    [{ frequency: 'DAILY', count: 2, until: new Date() }, 'until'],
  ])('refuses fields %j naming %s', (fields, field) => {
    expect(() => ruleFromFields(fields as never)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field }) }));
  });
});
