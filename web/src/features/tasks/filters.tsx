import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { TAGS } from './documents';
import type { ViewState } from './view-state';

/** Each sort button, with the direction a first press gives: soonest due, highest priority, newest, A to Z. */
const SORTS: Array<[ViewState['sort'], string, ViewState['dir']]> = [
  ['DUE_AT', 'Due', 'ASC'],
  ['PRIORITY', 'Priority', 'DESC'],
  ['CREATED_AT', 'Created', 'DESC'],
  ['TITLE', 'Title', 'ASC'],
];

type Choice<K extends keyof ViewState> = Array<[ViewState[K], string]>;
const STATUS: Choice<'status'> = [['PENDING', 'Pending'], ['COMPLETED', 'Completed'], ['', 'Any status']];
const PRIORITY: Choice<'priority'> = [['', 'Any priority'], ['HIGH', 'High'], ['MEDIUM', 'Medium'], ['LOW', 'Low'], ['NONE', 'No priority']];
const DUE: Choice<'due'> = [['', 'Any due date'], ['today', 'Due today'], ['week', 'Due in 7 days'], ['month', 'Due in 30 days'], ['none', 'No due date']];
const OVERDUE: Choice<'overdue'> = [['', 'Overdue or not'], ['yes', 'Overdue'], ['no', 'Not overdue']];
const RECURRING: Choice<'recurring'> = [['', 'Recurring or not'], ['yes', 'Recurring'], ['no', 'One-off']];

/** Every tag of the user, and the one in the URL even before the tags have loaded. */
function tagChoices(current: string, tags: Array<{ name: string; taskCount: number }>): Choice<'tag'> {
  const choices: Choice<'tag'> = [['', 'Any tag'], ...tags.map((t): [string, string] => [t.name, `#${t.name} (${t.taskCount})`])];
  if (current && !tags.some((t) => t.name.toLowerCase() === current.toLowerCase())) choices.push([current, `#${current}`]);
  return choices;
}

/** Search (debounced), the filter dropdowns and the sort buttons; every choice lands in the URL. */
export function Filters({ view, setView }: { view: ViewState; setView: (patch: Partial<ViewState>) => void }) {
  const [typed, setTyped] = useState(view.search);
  const [{ data: tags }] = useQuery({ query: TAGS });
  useEffect(() => {
    if (typed === view.search) return;
    const timer = window.setTimeout(() => setView({ search: typed }), 300);
    return () => window.clearTimeout(timer);
  }, [typed, view.search, setView]);

  function select<K extends keyof ViewState>(key: K, label: string, choices: Choice<K>) {
    return (
      <select aria-label={label} value={view[key]} onChange={(e) => setView({ [key]: e.target.value } as Partial<ViewState>)}>
        {choices.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    );
  }

  return (
    <div className="toolbar">
      <input type="search" className="grow" aria-label="Search" placeholder="Search…" value={typed} onChange={(e) => setTyped(e.target.value)} />
      <div className="filters" role="group" aria-label="Filters">
        {select('status', 'Status', STATUS)}
        {select('priority', 'Priority filter', PRIORITY)}
        {select('tag', 'Tag filter', tagChoices(view.tag, tags?.tags ?? []))}
        {select('due', 'Due filter', DUE)}
        {select('overdue', 'Overdue filter', OVERDUE)}
        {select('recurring', 'Recurring filter', RECURRING)}
      </div>
      <div role="group" aria-label="Sort by" className="sorts">
        {SORTS.map(([field, label, first]) => (
          <button
            key={field}
            aria-pressed={view.sort === field}
            onClick={() => setView(view.sort === field ? { dir: view.dir === 'ASC' ? 'DESC' : 'ASC' } : { sort: field, dir: first })}
          >
            {label}
            {view.sort === field ? (view.dir === 'ASC' ? ' ↑' : ' ↓') : ''}
          </button>
        ))}
      </div>
    </div>
  );
}
