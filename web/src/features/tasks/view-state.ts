import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskFilter, TaskSortField } from '../../gql/graphql';

/** What the list shows, and which task the editor has open; kept in the URL so a reload or a shared link shows the same. */
export interface ViewState {
  search: string;
  status: '' | 'PENDING' | 'COMPLETED';
  priority: '' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE';
  tag: string;
  due: '' | 'today' | 'week' | 'month' | 'none';
  overdue: '' | 'yes' | 'no';
  recurring: '' | 'yes' | 'no';
  sort: TaskSortField;
  dir: 'ASC' | 'DESC';
  task: string;
}

const DEFAULTS: ViewState = { search: '', status: 'PENDING', priority: '', tag: '', due: '', overdue: '', recurring: '', sort: 'CREATED_AT', dir: 'DESC', task: '' };
const KEYS = Object.keys(DEFAULTS) as Array<keyof ViewState>;

function read(): ViewState {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(KEYS.map((key) => [key, params.get(key) ?? DEFAULTS[key]])) as unknown as ViewState;
}

const DAY = 86_400_000;

/** The API filter for a view; due ranges are in the browser's local days. */
export function filterOf(view: ViewState, now = new Date()): TaskFilter {
  const filter: TaskFilter = {};
  if (view.status) filter.status = view.status;
  if (view.priority) filter.priorities = [view.priority];
  if (view.tag) filter.tags = [view.tag];
  if (view.overdue) filter.overdue = view.overdue === 'yes';
  if (view.recurring) filter.recurring = view.recurring === 'yes';
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const days = { today: 1, week: 7, month: 30 } as const;
  if (view.due === 'none') filter.hasDueDate = false;
  else if (view.due) {
    filter.dueAfter = new Date(startOfToday).toISOString();
    filter.dueBefore = new Date(startOfToday + days[view.due] * DAY - 1).toISOString();
  }
  return filter;
}

export function useViewState(): [ViewState, (patch: Partial<ViewState>) => void] {
  const [view, setView] = useState(read);
  const current = useRef(view);
  useEffect(() => {
    const onPop = () => setView((current.current = read()));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const update = useCallback((patch: Partial<ViewState>) => {
    const before = current.current;
    const next = { ...before, ...patch };
    const params = new URLSearchParams();
    for (const key of KEYS) if (next[key] !== DEFAULTS[key]) params.set(key, next[key]);
    // opening or closing the editor is a step Back undoes; changing the view is not
    const push = 'task' in patch && patch.task !== before.task;
    history[push ? 'pushState' : 'replaceState'](null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
    current.current = next;
    setView(next);
  }, []);
  return [view, update];
}
