import { useState } from 'react';
import { useMutation } from 'urql';
import { fieldErrorOf } from '../forms/field-error';
import { SNOOZE_REMINDER } from './documents';

const SNOOZES: Array<[number, string]> = [
  [10, '10 min'],
  [60, '1 h'],
];

/** Fire this reminder again in a while: used in the editor and on a reminder's toast. */
export function SnoozeButtons({ reminderId, onSnoozed }: { reminderId: string; onSnoozed?: () => void }) {
  const [, snooze] = useMutation(SNOOZE_REMINDER);
  const [error, setError] = useState<string | null>(null);
  async function later(minutes: number) {
    const result = await snooze({ id: reminderId, until: new Date(Date.now() + minutes * 60_000).toISOString() });
    if (result.error) return setError(fieldErrorOf(result.error).message);
    setError(null);
    onSnoozed?.();
  }
  return (
    <span className="snooze">
      {SNOOZES.map(([minutes, label]) => (
        <button key={minutes} type="button" className="link" onClick={() => void later(minutes)}>
          Snooze {label}
        </button>
      ))}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
