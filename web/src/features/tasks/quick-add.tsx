import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { Priority } from '../../gql/graphql';
import { Field, fieldErrorOf, FormError, type FieldError } from '../forms/field-error';
import { CREATE_TASK } from './documents';
import { fromLocalInput } from './format';
import { PriorityOptions } from './priority-options';

/** "Pay rent #home #bills": the words after # become tags. */
export function splitTags(text: string): { title: string; tags: string[] } {
  const tags = [...text.matchAll(/(?:^|\s)#([\p{L}\p{N}_-]+)/gu)].map((m) => m[1]);
  const title = text.replace(/(?:^|\s)#[\p{L}\p{N}_-]+/gu, '').trim();
  return { title: title || text.trim(), tags };
}

/** One line to add a task; an error shows next to the field it names and the text stays. */
export function QuickAdd() {
  const [text, setText] = useState('');
  const [priority, setPriority] = useState<Priority>('NONE');
  const [due, setDue] = useState('');
  const [error, setError] = useState<FieldError | null>(null);
  const [{ fetching }, createTask] = useMutation(CREATE_TASK);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { title, tags } = splitTags(text);
    const result = await createTask({ input: { title, priority, dueAt: fromLocalInput(due), ...(tags.length ? { tags } : {}) } });
    if (result.error) return setError(fieldErrorOf(result.error));
    setError(null);
    setText('');
    setDue('');
    setPriority('NONE');
  }

  return (
    <form className="quick-add" onSubmit={submit} aria-label="Add a task">
      <Field label="New task" hideLabel className="grow" error={error} field="title" also={['tags']}>
        {(control) => <input {...control} placeholder="Add a task… (#tag to tag it)" value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <Field label="Priority" hideLabel>
        {(control) => (
          <select {...control} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            <PriorityOptions />
          </select>
        )}
      </Field>
      <Field label="Due" hideLabel error={error} field="dueAt">
        {(control) => <input {...control} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />}
      </Field>
      <button type="submit" disabled={fetching}>
        Add
      </button>
      <FormError error={error} fields={['title', 'tags', 'dueAt']} />
    </form>
  );
}
