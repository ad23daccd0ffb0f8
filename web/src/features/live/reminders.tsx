import { useCallback, useEffect, useState } from 'react';
import { useSubscription } from 'urql';
import { SnoozeButtons } from '../editor/snooze-buttons';
import { REMINDER_DUE, TASK_CHANGED } from '../tasks/documents';
import { BellIcon } from '../tasks/icons';

/** Keeps the task subscription open (the cache applies each change) and shows reminders as they fire. */
export function LiveFeeds() {
  useSubscription({ query: TASK_CHANGED });
  const [toasts, setToasts] = useState<Array<{ id: string; title: string }>>([]);
  const [{ data }] = useSubscription({ query: REMINDER_DUE });
  useEffect(() => {
    if (!data) return;
    const { reminder, task } = data.reminderDue;
    setToasts((list) => [...list.filter((t) => t.id !== reminder.id), { id: reminder.id, title: task?.title ?? 'a task' }]);
    if ('Notification' in window && Notification.permission === 'granted') new Notification('Reminder', { body: task?.title ?? '', tag: reminder.id });
  }, [data]);
  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ReminderToast key={t.id} id={t.id} title={t.title} onDismiss={dismiss} />
      ))}
    </div>
  );
}

/** One fired reminder; it goes by itself after 10 s (its own timer, so a newer toast does not keep it). */
function ReminderToast({ id, title, onDismiss }: { id: string; title: string; onDismiss: (id: string) => void }) {
  useEffect(() => {
    const timer = window.setTimeout(() => onDismiss(id), 10_000);
    return () => window.clearTimeout(timer);
  }, [id, onDismiss]);
  return (
    <div className="toast reminder" role="status">
      <BellIcon /> Reminder: {title}
      <SnoozeButtons reminderId={id} onSnoozed={() => onDismiss(id)} />
      <button aria-label="Dismiss" onClick={() => onDismiss(id)}>
        ✕
      </button>
    </div>
  );
}

/** Asks for the browser's notification permission, once, on the user's click. */
export function NotificationsButton() {
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'denied'));
  if (permission !== 'default') return null;
  return (
    <button className="link" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Enable notifications
    </button>
  );
}
