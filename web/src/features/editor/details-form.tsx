import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { Priority, TaskDetailFieldsFragment, UpdateTaskInput } from '../../gql/graphql';
import { Field, fieldErrorOf, FormError, type FieldError } from '../forms/field-error';
import { UPDATE_TASK } from '../tasks/documents';
import { fromLocalInput, toLocalInput } from '../tasks/format';
import { PriorityOptions } from '../tasks/priority-options';

type Draft = { title: string; description: string; priority: Priority; due: string };

const draftOf = (task: TaskDetailFieldsFragment): Draft => ({
  title: task.title,
  description: task.description ?? '',
  priority: task.priority,
  due: toLocalInput(task.dueAt),
});

/** Title, description, priority and due date; saves only what the user changed, so edits elsewhere to other fields survive. */
export function DetailsForm({ task }: { task: TaskDetailFieldsFragment }) {
  const [saved, setSaved] = useState(() => draftOf(task));
  const [draft, setDraft] = useState(saved);
  const [error, setError] = useState<FieldError | null>(null);
  const [{ fetching }, update] = useMutation(UPDATE_TASK);
  const dirty = (Object.keys(draft) as Array<keyof Draft>).some((k) => draft[k] !== saved[k]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input: UpdateTaskInput = {};
    if (draft.title !== saved.title) input.title = draft.title;
    if (draft.description !== saved.description) input.description = draft.description || null;
    if (draft.priority !== saved.priority) input.priority = draft.priority;
    if (draft.due !== saved.due) input.dueAt = fromLocalInput(draft.due);
    const result = await update({ id: task.id, input });
    if (result.error) return setError(fieldErrorOf(result.error));
    setError(null);
    setSaved(draft);
  }

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <form className="details" onSubmit={submit} aria-label="Task details">
      <Field label="Title" error={error} field="title">
        {(control) => <input {...control} value={draft.title} onChange={(e) => set({ title: e.target.value })} required />}
      </Field>
      <Field label="Description" error={error} field="description">
        {(control) => <textarea {...control} rows={3} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <div className="row">
        <Field label="Priority">
          {(control) => (
            <select {...control} value={draft.priority} onChange={(e) => set({ priority: e.target.value as Priority })}>
              <PriorityOptions />
            </select>
          )}
        </Field>
        <Field label="Due" error={error} field="dueAt">
          {(control) => <input {...control} type="datetime-local" value={draft.due} onChange={(e) => set({ due: e.target.value })} />}
        </Field>
      </div>
      <FormError error={error} fields={['title', 'description', 'dueAt']} />
      <button type="submit" disabled={!dirty || fetching}>
        {dirty ? 'Save changes' : 'Saved'}
      </button>
    </form>
  );
}
