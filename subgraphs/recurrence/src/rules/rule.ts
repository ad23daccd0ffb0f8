import { badUserInput } from '@tasklane/platform';
import { addDays, daysInMonth, fromLocal, isValidTimeZone, toLocal, weekdayOf, type LocalDateTime } from './zoned-time';

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export type Weekday = (typeof WEEKDAYS)[number];

/** The supported part of an RFC 5545 RRULE. */
export interface Rule {
  frequency: Frequency;
  interval: number;
  byWeekday: Weekday[] | null;
  /** 1..31, or -1..-31 counting from the month's end */
  byMonthDay: number[] | null;
  until: Date | null;
  /** occurrences in all, the first included */
  count: number | null;
}

export interface RuleFields {
  frequency?: string | null;
  interval?: number | null;
  byWeekday?: string[] | null;
  byMonthDay?: number[] | null;
  until?: Date | null;
  count?: number | null;
}

/** Checks structured fields; errors name the field. */
export function ruleFromFields(f: RuleFields): Rule {
  if (!f.frequency || !FREQUENCIES.includes(f.frequency as Frequency)) throw badUserInput('frequency', 'frequency is required: DAILY, WEEKLY, MONTHLY or YEARLY');
  const interval = f.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > 1000) throw badUserInput('interval', 'interval must be between 1 and 1000');
  const byWeekday = f.byWeekday?.length ? [...new Set(f.byWeekday)] : null;
  if (byWeekday?.some((d) => !WEEKDAYS.includes(d as Weekday))) throw badUserInput('byWeekday', 'byWeekday takes MO, TU, WE, TH, FR, SA, SU');
  const byMonthDay = f.byMonthDay?.length ? [...new Set(f.byMonthDay)] : null;
  if (byMonthDay?.some((d) => !Number.isInteger(d) || d === 0 || d < -31 || d > 31)) throw badUserInput('byMonthDay', 'byMonthDay takes 1..31, or -1 for the last day (-31..-1)');
  const count = f.count ?? null;
  if (count !== null && (!Number.isInteger(count) || count < 1 || count > 10_000)) throw badUserInput('count', 'count must be between 1 and 10000');
  if (f.until && count) throw badUserInput('until', 'Give until or count, not both');
  return { frequency: f.frequency as Frequency, interval, byWeekday: byWeekday as Weekday[] | null, byMonthDay, until: f.until ?? null, count };
}

/** Parses `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5` (an optional `RRULE:` prefix allowed). */
export function parseRRule(text: string): Rule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body) throw badUserInput('rrule', 'rrule is empty');
  const fields: RuleFields = {};
  for (const part of body.split(';').filter(Boolean)) {
    const [rawKey, value] = part.split('=');
    const key = rawKey?.toUpperCase();
    if (!value) throw badUserInput('rrule', `rrule part "${part}" has no value`);
    switch (key) {
      case 'FREQ':
        fields.frequency = value.toUpperCase();
        break;
      case 'INTERVAL':
        fields.interval = strictInt(value);
        break;
      case 'BYDAY':
        fields.byWeekday = value.toUpperCase().split(',');
        if (fields.byWeekday.some((d) => !WEEKDAYS.includes(d as Weekday))) {
          throw badUserInput('rrule', 'BYDAY supports plain weekdays (MO..SU), not ordinals like 1MO');
        }
        break;
      case 'BYMONTHDAY':
        fields.byMonthDay = value.split(',').map(strictInt);
        break;
      case 'COUNT':
        fields.count = strictInt(value);
        break;
      case 'UNTIL':
        fields.until = parseUntil(value);
        break;
      case 'WKST':
        break; // weeks start on Monday here
      default:
        throw badUserInput('rrule', `rrule part ${key} is not supported (FREQ, INTERVAL, BYDAY, BYMONTHDAY, UNTIL, COUNT)`);
    }
  }
  try {
    return ruleFromFields(fields);
  } catch (error) {
    throw badUserInput('rrule', `rrule is invalid: ${(error as Error).message}`);
  }
}

export function formatRRule(rule: Rule): string {
  const parts = [`FREQ=${rule.frequency}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byWeekday) parts.push(`BYDAY=${rule.byWeekday.join(',')}`);
  if (rule.byMonthDay) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
  if (rule.count) parts.push(`COUNT=${rule.count}`);
  return parts.join(';');
}

export function validTimeZone(timeZone: string | null | undefined): string {
  const tz = timeZone ?? 'UTC';
  if (!isValidTimeZone(tz)) throw badUserInput('timezone', `Unknown time zone ${tz}; use an IANA name such as Europe/Berlin`);
  return tz;
}

function strictInt(value: string): number {
  if (!/^-?\d+$/.test(value)) throw badUserInput('rrule', `rrule value ${value} is not an integer`);
  return Number(value);
}

function parseUntil(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) throw badUserInput('rrule', 'UNTIL must look like 20261231 or 20261231T235959Z');
  const [, y, mo, d, h = '23', mi = '59', s = '59'] = m;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}

const MAX_SCAN_PERIODS = 5_000;

/**
 * The first occurrence strictly after `after`, for a series anchored at `anchor` (wall-clock in
 * `timeZone`, itself the first occurrence). Occurrences keep the anchor's time of day in local
 * time, so 09:00 stays 09:00 across DST. Null past `until` (count is the caller's to track).
 */
export function nextOccurrence(rule: Rule, anchor: LocalDateTime, timeZone: string, after: Date): Date | null {
  const time = { hour: anchor.hour, minute: anchor.minute, second: anchor.second };
  const afterMs = after.getTime();
  const anchorMs = fromLocal(anchor, timeZone).getTime();
  for (let period = 0; period < MAX_SCAN_PERIODS; period++) {
    for (const date of datesInPeriod(rule, anchor, period)) {
      const instant = fromLocal({ ...date, ...time }, timeZone);
      if (instant.getTime() < anchorMs || instant.getTime() <= afterMs) continue;
      if (rule.until && instant.getTime() > rule.until.getTime()) return null;
      return instant;
    }
  }
  return null;
}

/** The candidate local dates of the `period`-th period (day, week, month or year) after the anchor's, in order. */
function datesInPeriod(rule: Rule, anchor: LocalDateTime, period: number): Array<{ year: number; month: number; day: number }> {
  const step = period * rule.interval;
  const weekdays = rule.byWeekday?.map((d) => WEEKDAYS.indexOf(d));
  const dayMatches = (y: number, m: number, d: number) =>
    (!weekdays || weekdays.includes(weekdayOf(y, m, d))) && (!rule.byMonthDay || monthDayMatches(rule.byMonthDay, y, m, d));
  switch (rule.frequency) {
    case 'DAILY': {
      const d = addDays(anchor.year, anchor.month, anchor.day, step);
      return dayMatches(d.year, d.month, d.day) ? [d] : [];
    }
    case 'WEEKLY': {
      const monday = addDays(anchor.year, anchor.month, anchor.day, -weekdayOf(anchor.year, anchor.month, anchor.day) + 7 * step);
      const days = weekdays ?? [weekdayOf(anchor.year, anchor.month, anchor.day)];
      return [...days]
        .sort((a, b) => a - b)
        .map((wd) => addDays(monday.year, monday.month, monday.day, wd))
        .filter((d) => !rule.byMonthDay || monthDayMatches(rule.byMonthDay, d.year, d.month, d.day));
    }
    case 'MONTHLY': {
      const index = anchor.year * 12 + (anchor.month - 1) + step;
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      return daysOfMonth(rule, year, month, anchor.day, weekdays);
    }
    case 'YEARLY': {
      const year = anchor.year + step;
      return daysOfMonth(rule, year, anchor.month, anchor.day, weekdays);
    }
  }
}

/** Days of one month: BYMONTHDAY (negative from the end; days a month lacks are skipped, RFC 5545), else BYDAY, else the anchor's day. */
function daysOfMonth(rule: Rule, year: number, month: number, anchorDay: number, weekdays?: number[]) {
  const last = daysInMonth(year, month);
  let days: number[];
  if (rule.byMonthDay) days = rule.byMonthDay.map((d) => (d > 0 ? d : last + d + 1)).filter((d) => d >= 1 && d <= last);
  else if (weekdays) days = Array.from({ length: last }, (_, i) => i + 1);
  else days = anchorDay <= last ? [anchorDay] : [];
  return [...new Set(days)]
    .sort((a, b) => a - b)
    .filter((d) => !weekdays || weekdays.includes(weekdayOf(year, month, d)))
    .map((day) => ({ year, month, day }));
}

function monthDayMatches(byMonthDay: number[], y: number, m: number, d: number): boolean {
  const last = daysInMonth(y, m);
  return byMonthDay.some((md) => (md > 0 ? md === d : last + md + 1 === d));
}

export { toLocal, fromLocal };
