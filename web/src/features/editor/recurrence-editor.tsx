import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type { Frequency, RecurrenceInput, RecurrenceMode, TaskDetailFieldsFragment, Weekday } from '../../gql/graphql';
import { ErrorFor, Field, fieldErrorOf, FormError, type FieldError } from '../forms/field-error';
import { formatDateTime } from '../tasks/format';
import { CLEAR_RECURRENCE, PREVIEW_RECURRENCE, SET_RECURRENCE } from './documents';

const WEEKDAYS: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FIELDS = ['frequency', 'interval', 'byWeekday', 'byMonthDay', 'until', 'count', 'mode', 'timezone', 'rrule'];
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

interface Draft {
  frequency: Frequency | '';
  interval: string;
  byWeekday: Weekday[];
  byMonthDay: string;
  ends: 'never' | 'until' | 'count';
  until: string; // yyyy-mm-dd
  count: string;
  mode: RecurrenceMode;
  autoCreate: boolean;
  timezone: string;
}

function draftOf(r: TaskDetailFieldsFragment['recurrence']): Draft {
  return {
    frequency: r?.active ? r.frequency : '',
    interval: String(r?.interval ?? 1),
    byWeekday: r?.byWeekday ?? [],
    byMonthDay: r?.byMonthDay?.join(', ') ?? '',
    ends: r?.until ? 'until' : r?.count ? 'count' : 'never',
    until: r?.until ? r.until.slice(0, 10) : '',
    count: r?.count ? String(r.count) : '',
    mode: r?.mode ?? 'FROM_DUE_DATE',
    autoCreate: r?.autoCreate ?? false,
    timezone: r?.timezone ?? BROWSER_ZONE,
  };
}

/** The draft as the API's RecurrenceInput; numbers the user typed go as typed, for the API to judge. */
function inputOf(d: Draft): RecurrenceInput {
  const input: RecurrenceInput = { frequency: d.frequency || null, interval: Number(d.interval), mode: d.mode, autoCreate: d.autoCreate, timezone: d.timezone };
  if (d.frequency === 'WEEKLY' && d.byWeekday.length) input.byWeekday = d.byWeekday;
  if ((d.frequency === 'MONTHLY' || d.frequency === 'YEARLY') && d.byMonthDay.trim()) input.byMonthDay = d.byMonthDay.split(/[\s,]+/).filter(Boolean).map(Number);
  // until: the end of that local day
  if (d.ends === 'until' && d.until) input.until = new Date(`${d.until}T23:59:59`).toISOString();
  if (d.ends === 'count' && d.count) input.count = Number(d.count);
  return input;
}

/** Frequency, interval, weekdays, month days, an end, mode, auto-create and timezone, with the next dates previewed as you edit. */
export function RecurrenceEditor({ task }: { task: TaskDetailFieldsFragment }) {
  const [draft, setDraft] = useState(() => draftOf(task.recurrence));
  const [error, setError] = useState<FieldError | null>(null);
  const [saved, setSaved] = useState(false);
  const [{ fetching: saving }, setRecurrence] = useMutation(SET_RECURRENCE);
  const [, clearRecurrence] = useMutation(CLEAR_RECURRENCE);
  const set = (patch: Partial<Draft>) => (setDraft({ ...draft, ...patch }), setSaved(false));

  // the preview follows the draft a moment after typing stops
  const input = useMemo(() => inputOf(draft), [draft]);
  const [asked, setAsked] = useState(input);
  useEffect(() => {
    const timer = window.setTimeout(() => setAsked(input), 250);
    return () => window.clearTimeout(timer);
  }, [input]);
  const [preview] = useQuery({ query: PREVIEW_RECURRENCE, variables: { input: asked, dueAt: task.dueAt }, pause: !asked.frequency, requestPolicy: 'network-only' });
  const previewError = preview.error && !preview.fetching ? fieldErrorOf(preview.error) : null;
  const shown = error ?? previewError;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = draft.frequency ? await setRecurrence({ taskId: task.id, input }) : task.recurrence?.active ? await clearRecurrence({ taskId: task.id }) : null;
    if (result?.error) return setError(fieldErrorOf(result.error));
    setError(null);
    setSaved(true);
  }

  return (
    <form className="recurrence" onSubmit={submit} aria-label="Repeat">
      <fieldset>
        <legend>Repeat</legend>
        <div className="row">
          <Field label="Frequency" error={shown} field="frequency" also={['rrule']}>
            {(control) => (
              <select {...control} value={draft.frequency} onChange={(e) => set({ frequency: e.target.value as Draft['frequency'] })}>
                <option value="">Does not repeat</option>
                <option value="DAILY">Daily</option>
                <option value="WEEKLY">Weekly</option>
                <option value="MONTHLY">Monthly</option>
                <option value="YEARLY">Yearly</option>
              </select>
            )}
          </Field>
          {draft.frequency && (
            <Field label="Every" error={shown} field="interval">
              {(control) => <input {...control} type="number" min={1} inputMode="numeric" value={draft.interval} onChange={(e) => set({ interval: e.target.value })} />}
            </Field>
          )}
        </div>
        {draft.frequency === 'WEEKLY' && (
          <div className="weekdays" role="group" aria-label="On weekdays">
            {WEEKDAYS.map((day) => (
              <label key={day} className="inline">
                <input
                  type="checkbox"
                  checked={draft.byWeekday.includes(day)}
                  onChange={(e) => set({ byWeekday: WEEKDAYS.filter((d) => (d === day ? e.target.checked : draft.byWeekday.includes(d))) })}
                />
                {day}
              </label>
            ))}
            <ErrorFor error={shown} field="byWeekday" />
          </div>
        )}
        {(draft.frequency === 'MONTHLY' || draft.frequency === 'YEARLY') && (
          <Field label="On month days (-1 = last)" error={shown} field="byMonthDay">
            {(control) => <input {...control} value={draft.byMonthDay} placeholder="e.g. 1, 15, -1" onChange={(e) => set({ byMonthDay: e.target.value })} />}
          </Field>
        )}
        {draft.frequency && (
          <>
            <div className="row">
              <Field label="Ends">
                {(control) => (
                  <select {...control} value={draft.ends} onChange={(e) => set({ ends: e.target.value as Draft['ends'] })}>
                    <option value="never">Never</option>
                    <option value="until">On a date</option>
                    <option value="count">After a number of times</option>
                  </select>
                )}
              </Field>
              {draft.ends === 'until' && (
                <Field label="Until" error={shown} field="until">
                  {(control) => <input {...control} type="date" value={draft.until} onChange={(e) => set({ until: e.target.value })} />}
                </Field>
              )}
              {draft.ends === 'count' && (
                <Field label="Times" error={shown} field="count">
                  {(control) => <input {...control} type="number" min={1} inputMode="numeric" value={draft.count} onChange={(e) => set({ count: e.target.value })} />}
                </Field>
              )}
            </div>
            <div className="row">
              <Field label="Next one from" error={shown} field="mode">
                {(control) => (
                  <select {...control} value={draft.mode} onChange={(e) => set({ mode: e.target.value as RecurrenceMode })}>
                    <option value="FROM_DUE_DATE">the due date</option>
                    <option value="FROM_COMPLETION">the completion</option>
                  </select>
                )}
              </Field>
              <Field label="Timezone" error={shown} field="timezone">
                {(control) => <input {...control} value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} />}
              </Field>
            </div>
            <label className="inline">
              <input type="checkbox" checked={draft.autoCreate} onChange={(e) => set({ autoCreate: e.target.checked })} />
              Create each one at its due time, even if the last is still open
            </label>
            <div className="preview" aria-label="Next dates">
              <span className="label">Next dates</span>
              {preview.data && !previewError && (
                <ol>
                  {preview.data.previewRecurrence.map((at) => (
                    <li key={at}>
                      <time dateTime={at}>{formatDateTime(at)}</time>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </>
        )}
        <FormError error={shown} fields={FIELDS} />
        <div className="row">
          {(draft.frequency || task.recurrence?.active) && (
            <button type="submit" disabled={saving}>
              {draft.frequency ? 'Save repeat' : 'Stop repeating'}
            </button>
          )}
          {saved && <span className="muted">Saved{task.recurrence?.occurrences ? ` · ${task.recurrence.occurrences} so far` : ''}</span>}
        </div>
      </fieldset>
    </form>
  );
}
