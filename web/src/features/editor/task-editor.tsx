import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { DetailsForm } from './details-form';
import { TASK_DETAIL } from './documents';
import { HistoryTab } from './history-tab';
import { RecurrenceEditor } from './recurrence-editor';
import { RemindersEditor } from './reminders-editor';
import { TagsField } from './tags-field';

/** The editor of one task, a modal dialog over the list: details, tags, recurrence, reminders, and its history. */
export function TaskEditor({ taskId, onClose }: { taskId: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [tab, setTab] = useState<'details' | 'history'>('details');
  const [{ data, error, fetching }] = useQuery({ query: TASK_DETAIL, variables: { id: taskId } });
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const task = data?.task;

  return (
    <dialog ref={dialog} className="editor" aria-labelledby="editor-title" onClose={onClose}>
      <header>
        <h2 id="editor-title">{task ? task.title : 'Task'}</h2>
        <button className="link" aria-label="Close editor" onClick={() => dialog.current?.close()}>
          ✕
        </button>
      </header>
      <div role="tablist" aria-label="Editor sections" className="tabs">
        {(['details', 'history'] as const).map((name) => (
          <button key={name} role="tab" id={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`} onClick={() => setTab(name)}>
            {name === 'details' ? 'Details' : 'History'}
          </button>
        ))}
      </div>
      {error && <p className="form-error">{error.message}</p>}
      {!task && !fetching && !error && <p className="muted">This task is gone (deleted here or elsewhere).</p>}
      {task && tab === 'details' && (
        <div role="tabpanel" id="panel-details" aria-labelledby="tab-details" className="panel">
          <DetailsForm key={task.id} task={task} />
          <TagsField task={task} />
          <RecurrenceEditor key={task.id} task={task} />
          <RemindersEditor task={task} />
        </div>
      )}
      {task && tab === 'history' && (
        <div role="tabpanel" id="panel-history" aria-labelledby="tab-history" className="panel">
          <HistoryTab taskId={task.id} />
        </div>
      )}
    </dialog>
  );
}
