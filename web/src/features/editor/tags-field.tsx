import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import type { TaskDetailFieldsFragment } from '../../gql/graphql';
import { ErrorFor, fieldErrorOf, FormError, type FieldError } from '../forms/field-error';
import { SET_TAGS, TAGS } from '../tasks/documents';

/** The task's tags as removable chips, and a box that suggests the user's existing tags as they type. */
export function TagsField({ task }: { task: TaskDetailFieldsFragment }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<FieldError | null>(null);
  const [{ data }] = useQuery({ query: TAGS });
  const [{ fetching }, setTags] = useMutation(SET_TAGS);
  const names = task.tags.map((t) => t.name);
  const suggestions = (data?.tags ?? []).filter((t) => !names.some((n) => n.toLowerCase() === t.name.toLowerCase()));

  async function save(next: string[], clear: boolean) {
    const result = await setTags({ taskId: task.id, names: next });
    if (result.error) return setError(fieldErrorOf(result.error));
    setError(null);
    if (clear) setTyped('');
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const name = typed.trim().replace(/^#/, '');
    if (name) void save([...names, name], true);
  }

  return (
    <form className="tags-field" onSubmit={add} aria-label="Tags">
      <span className="label">Tags</span>
      <ul className="chips">
        {task.tags.map((tag) => (
          <li key={tag.id} className="chip" style={{ background: tag.color }}>
            {tag.name}
            <button
              type="button"
              aria-label={`Remove tag ${tag.name}`}
              onClick={() => void save(names.filter((n) => n !== tag.name), false)}
              disabled={fetching}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <input aria-label="Add a tag" list={`tags-${task.id}`} placeholder="Add a tag…" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <datalist id={`tags-${task.id}`}>
          {suggestions.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
        <button type="submit" disabled={fetching || !typed.trim()}>
          Add tag
        </button>
      </div>
      <ErrorFor error={error} field="tags" also={['names', 'name']} />
      <FormError error={error} fields={['tags', 'names', 'name']} />
    </form>
  );
}
