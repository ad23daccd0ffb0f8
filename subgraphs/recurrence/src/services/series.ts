import { formatRRule, nextOccurrence, parseRRule, ruleFromFields, validTimeZone, type Rule, type RuleFields } from '../rules/rule';
import { fromLocal, toLocal, type LocalDateTime } from '../rules/zoned-time';
import { badUserInput } from '@tasklane/platform';

export type Mode = 'FROM_DUE_DATE' | 'FROM_COMPLETION';

export interface RecurrenceInput extends RuleFields {
  rrule?: string | null;
  mode?: Mode | null;
  autoCreate?: boolean | null;
  timezone?: string | null;
}

export interface SeriesRow {
  id: string;
  user_id: string;
  frequency: Rule['frequency'];
  interval: number;
  by_weekday: Rule['byWeekday'];
  by_month_day: number[] | null;
  until: Date | null;
  count: number | null;
  mode: Mode;
  auto_create: boolean;
  timezone: string;
  anchor: string | null; // 'YYYY-MM-DD HH:MM:SS', wall clock
  active: boolean;
  occurrences: number;
  template: Template;
}

export interface Template {
  title: string;
  description: string | null;
  priority: string;
  tags: string[];
}

export interface Settings {
  rule: Rule;
  mode: Mode;
  autoCreate: boolean;
  timezone: string;
}

/** Validates a RecurrenceInput: the rrule text or the fields, not both. */
export function settingsFrom(input: RecurrenceInput): Settings {
  const hasFields = input.frequency != null || (input.byWeekday?.length ?? 0) > 0 || (input.byMonthDay?.length ?? 0) > 0 || input.count != null || input.until != null;
  if (input.rrule != null && hasFields) throw badUserInput('rrule', 'Give either rrule or the structured fields, not both');
  const rule = input.rrule != null ? parseRRule(input.rrule) : ruleFromFields(input);
  if (input.mode && input.mode !== 'FROM_DUE_DATE' && input.mode !== 'FROM_COMPLETION') throw badUserInput('mode', 'mode is FROM_DUE_DATE or FROM_COMPLETION');
  return { rule, mode: input.mode ?? 'FROM_DUE_DATE', autoCreate: input.autoCreate ?? false, timezone: validTimeZone(input.timezone) };
}

/** Settings as the series table's columns. */
export function ruleColumns({ rule, mode, autoCreate, timezone }: Settings) {
  return {
    frequency: rule.frequency,
    interval: rule.interval,
    by_weekday: rule.byWeekday,
    by_month_day: rule.byMonthDay,
    until: rule.until,
    count: rule.count,
    mode,
    auto_create: autoCreate,
    timezone,
  };
}

export function ruleOf(series: SeriesRow): Rule {
  return {
    frequency: series.frequency,
    interval: series.interval,
    byWeekday: series.by_weekday,
    byMonthDay: series.by_month_day,
    until: series.until,
    count: series.count,
  };
}

export function rruleOf(series: SeriesRow): string {
  return formatRRule(ruleOf(series));
}

export function anchorText(dueAt: Date, timeZone: string): string {
  const l = toLocal(dueAt, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}:${p(l.second)}`;
}

function parseAnchor(text: string): LocalDateTime {
  const [date, time] = text.split(/[ T]/);
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second] = time.split(':').map((v) => Math.floor(Number(v)));
  return { year, month, day, hour, minute, second };
}

/**
 * The due date of the occurrence after one due at `due` (or completed at `completedAt`):
 * FROM_DUE_DATE follows the series' grid from its first due date; FROM_COMPLETION (and a series
 * without due dates) starts the grid again on the completion's local day, keeping the time of day.
 */
export function nextDue(series: SeriesRow, base: { due: Date | null; completedAt: Date }): Date | null {
  if (series.count !== null && series.occurrences >= series.count) return null;
  const rule = ruleOf(series);
  if (series.mode === 'FROM_DUE_DATE' && series.anchor && base.due) {
    return nextOccurrence(rule, parseAnchor(series.anchor), series.timezone, base.due);
  }
  const completed = toLocal(base.completedAt, series.timezone);
  const time = series.anchor ? parseAnchor(series.anchor) : completed;
  const anchor = { ...completed, hour: time.hour, minute: time.minute, second: time.second };
  // the completion day's slot is the occurrence just done: the next one is after it
  const slot = fromLocal(anchor, series.timezone);
  return nextOccurrence(rule, anchor, series.timezone, slot > base.completedAt ? slot : base.completedAt);
}

/**
 * The due dates a new series would give a task due at `dueAt` (now if it has none), the first
 * included, without saving anything.
 */
export function preview(input: RecurrenceInput, dueAt: Date | null, limit: number): Date[] {
  const settings = settingsFrom(input);
  const first = dueAt ?? new Date();
  const probe: SeriesRow = {
    id: '',
    user_id: '',
    ...ruleColumns(settings),
    mode: 'FROM_DUE_DATE', // a preview walks the rule's grid from the first date
    anchor: anchorText(first, settings.timezone),
    active: true,
    occurrences: 1,
    template: { title: '', description: null, priority: 'NONE', tags: [] },
  };
  const n = upcomingLimit(limit);
  return [first, ...upcoming(probe, { due: first, completedAt: first }, n - 1)].slice(0, n);
}

/** What a client may ask of `upcoming`/`previewRecurrence`: 0 to 100 dates. */
export function upcomingLimit(limit: number): number {
  return Math.max(0, Math.min(limit, 100));
}

/** Up to `limit` next due dates after `after`, within what count and until allow. */
export function upcoming(series: SeriesRow, after: { due: Date | null; completedAt: Date }, limit: number): Date[] {
  const dates: Date[] = [];
  const probe = { ...series };
  let base = after;
  while (dates.length < limit) {
    const next = nextDue(probe, base);
    if (!next) break;
    dates.push(next);
    probe.occurrences++;
    base = { due: next, completedAt: next };
  }
  return dates;
}
