import { useQuery } from 'urql';
import { formatDateTime } from '../tasks/format';
import { TASK_HISTORY } from './documents';

const actorLabel = (actor: string) => (actor === 'system' ? 'Tasklane' : actor.startsWith('assistant:') ? 'Assistant' : 'You');

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function show(value: unknown): string {
  if (value == null || value === '') return '—';
  if (typeof value !== 'string') return JSON.stringify(value);
  return INSTANT.test(value) ? formatDateTime(value) : value;
}

/** "title: Buy milk → Buy oat milk" for each changed field of an audit entry. */
function changesOf(changes: unknown): string[] {
  if (!changes || typeof changes !== 'object') return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
    const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
    return `${field}: ${show(from)} → ${show(to)}`;
  });
}

/** The task's audit log, newest first, as the audit subgraph recorded it. */
export function HistoryTab({ taskId }: { taskId: string }) {
  const [{ data, error, fetching }] = useQuery({ query: TASK_HISTORY, variables: { id: taskId }, requestPolicy: 'cache-and-network' });
  if (error) return <p className="form-error">{error.message}</p>;
  if (!data) return fetching ? <p className="muted">Loading…</p> : null;
  const entries = data.task?.history ?? [];
  return (
    <ol className="history" aria-label="History">
      {entries.length === 0 && <li className="muted">No changes recorded yet.</li>}
      {entries.map((entry) => (
        <li key={entry.id} data-action={entry.action}>
          <strong>{entry.action.toLowerCase().replace(/_/g, ' ')}</strong> <span className="muted">by {actorLabel(entry.actor)}</span>{' '}
          <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          {changesOf(entry.changes).map((line) => (
            <div key={line} className="change">
              {line}
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
