import { badUserInput } from '@tasklane/platform';

const ISO_DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** An ISO-8601 duration such as PT1H, P1D or P1DT30M; BAD_USER_INPUT naming `field` otherwise. */
export function parseDuration(text: unknown, field = 'before'): Duration {
  const match = typeof text === 'string' ? ISO_DURATION.exec(text.trim().toUpperCase()) : null;
  if (!match) throw badUserInput(field, 'before must be an ISO-8601 duration such as PT1H, PT15M or P1D');
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((v) => Number(v ?? 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** `due` minus the duration: calendar parts in UTC first, then the exact time parts. */
export function subtractDuration(due: Date, d: Duration): Date {
  const t = new Date(due);
  if (d.years || d.months) t.setUTCMonth(t.getUTCMonth() - d.months - 12 * d.years);
  t.setUTCDate(t.getUTCDate() - d.days - 7 * d.weeks);
  return new Date(t.getTime() - ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
}
