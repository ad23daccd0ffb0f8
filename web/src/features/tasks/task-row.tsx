import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { COMPLETE_TASK, REOPEN_TASK, type Task } from './documents';
import { formatDateTime } from './format';
import { BellIcon, RepeatIcon } from './icons';

interface RowProps {
  task: Task;
  onDelete: (task: Task) => void;
  onOpen: (taskId: string) => void;
}

/** One task: check it off, open it, see its priority, tags, due date, and whether it recurs or reminds. */
export function TaskRow({ task, onDelete, onOpen }: RowProps) {
  const [, complete] = useMutation(COMPLETE_TASK);
  const [, reopen] = useMutation(REOPEN_TASK);
  // the box follows the click at once; the server's answer (or a failure) sets it right
  const [done, setDone] = useState(task.status === 'COMPLETED');
  useEffect(() => setDone(task.status === 'COMPLETED'), [task.status]);
  const dueClass = task.isOverdue ? 'overdue' : task.isDueSoon ? 'due-soon' : '';
  const reminders = task.reminders.filter((r) => r.status === 'SCHEDULED').length;

  async function toggle() {
    setDone(!done);
    const result = await (done ? reopen({ id: task.id }) : complete({ id: task.id }));
    if (result.error) setDone(done);
  }

  return (
    <li className={`task ${done ? 'done' : ''}`} data-task-id={task.id}>
      <input type="checkbox" checked={done} aria-label={`${done ? 'Reopen' : 'Complete'} ${task.title}`} onChange={() => void toggle()} />
      <button className="title" onClick={() => onOpen(task.id)} aria-label={`Edit ${task.title}`}>
        {task.title}
      </button>
      {task.priority !== 'NONE' && <span className={`badge priority-${task.priority.toLowerCase()}`}>{task.priority.toLowerCase()}</span>}
      {task.tags.map((tag) => (
        <span key={tag.id} className="chip" style={{ background: tag.color }}>
          {tag.name}
        </span>
      ))}
      {task.recurrence && (
        <span className="icon" title={`Repeats ${task.recurrence.frequency.toLowerCase()}`} role="img" aria-label="Repeats">
          <RepeatIcon />
        </span>
      )}
      {reminders > 0 && (
        <span className="icon" title={`${reminders} reminder${reminders > 1 ? 's' : ''}`} role="img" aria-label="Has reminders">
          <BellIcon />
        </span>
      )}
      {task.dueAt && (
        <time className={dueClass ? `due ${dueClass}` : 'due'} dateTime={task.dueAt} title={task.isOverdue ? 'Overdue' : task.isDueSoon ? 'Due soon' : undefined}>
          {formatDateTime(task.dueAt)}
        </time>
      )}
      <button className="delete" aria-label={`Delete ${task.title}`} onClick={() => onDelete(task)}>
        ✕
      </button>
    </li>
  );
}
