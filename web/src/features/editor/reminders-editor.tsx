import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { ReminderChannel, ReminderInput, TaskDetailFieldsFragment } from '../../gql/graphql';
import { ErrorFor, Field, fieldErrorOf, FormError, type FieldError } from '../forms/field-error';
import { formatDateTime, fromLocalInput } from '../tasks/format';
import { ADD_REMINDER, REMOVE_REMINDER } from './documents';
import { SnoozeButtons } from './snooze-buttons';

const BEFORE: Array<[string, string]> = [
  ['PT0M', 'at the due time'],
  ['PT10M', '10 minutes before'],
  ['PT1H', '1 hour before'],
  ['P1D', '1 day before'],
];
// WEB_PUSH is left out: this client registers no push subscription, so it could never arrive
const CHANNELS: Array<[ReminderChannel, string]> = [
  ['IN_APP', 'In the app'],
  ['EMAIL', 'E-mail'],
];
const beforeLabel = (before: string) => BEFORE.find(([value]) => value === before)?.[1] ?? `${before} before`;

/** The task's reminders, with snooze and remove, and a form to add one (before the due date or at a time, on chosen channels). */
export function RemindersEditor({ task }: { task: TaskDetailFieldsFragment }) {
  const [kind, setKind] = useState<'before' | 'at'>(task.dueAt ? 'before' : 'at');
  const [before, setBefore] = useState('PT10M');
  const [at, setAt] = useState('');
  const [channels, setChannels] = useState<ReminderChannel[]>(['IN_APP']);
  const [error, setError] = useState<FieldError | null>(null);
  const [{ fetching }, addReminder] = useMutation(ADD_REMINDER);
  const [, removeReminder] = useMutation(REMOVE_REMINDER);

  async function add(event: FormEvent) {
    event.preventDefault();
    const input: ReminderInput = kind === 'before' ? { before, channels } : { at: fromLocalInput(at), channels };
    const result = await addReminder({ taskId: task.id, input });
    if (result.error) return setError(fieldErrorOf(result.error));
    setError(null);
  }

  return (
    <section className="reminders" aria-label="Reminders">
      <h3>Reminders</h3>
      <ul>
        {task.reminders.length === 0 && <li className="muted">No reminders.</li>}
        {task.reminders.map((r) => (
          <li key={r.id} className={`reminder ${r.status.toLowerCase()}`}>
            <time dateTime={r.remindAt}>{formatDateTime(r.remindAt)}</time>
            {r.before && <span className="muted">{beforeLabel(r.before)}</span>}
            <span className="muted">{r.channels.map((c) => c.toLowerCase().replace('_', ' ')).join(', ')}</span>
            <span className="status">{r.status.toLowerCase()}</span>
            {r.status !== 'CANCELLED' && <SnoozeButtons reminderId={r.id} />}
            <button className="link" aria-label={`Remove reminder at ${formatDateTime(r.remindAt)}`} onClick={() => void removeReminder({ id: r.id })}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} aria-label="Add a reminder" className="row">
        <Field label="Remind">
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value as 'before' | 'at')}>
              <option value="before">before the due date</option>
              <option value="at">at a time</option>
            </select>
          )}
        </Field>
        {kind === 'before' ? (
          <Field label="When" error={error} field="before">
            {(control) => (
              <select {...control} value={before} onChange={(e) => setBefore(e.target.value)}>
                {BEFORE.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <Field label="At" error={error} field="at">
            {(control) => <input {...control} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />}
          </Field>
        )}
        <fieldset className="channels">
          <legend>Channels</legend>
          {CHANNELS.map(([channel, label]) => (
            <label key={channel} className="inline">
              <input
                type="checkbox"
                checked={channels.includes(channel)}
                onChange={(e) => setChannels(e.target.checked ? [...channels, channel] : channels.filter((c) => c !== channel))}
              />
              {label}
            </label>
          ))}
          <ErrorFor error={error} field="channels" />
        </fieldset>
        <button type="submit" disabled={fetching}>
          Add reminder
        </button>
        <FormError error={error} fields={['before', 'at', 'channels']} />
      </form>
    </section>
  );
}
