import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { TasksQueryVariables } from '../../gql/graphql';
import { DELETE_TASK, TASKS, type Task } from './documents';
import { TaskRow } from './task-row';
import { filterOf, type ViewState } from './view-state';

const PAGE = 200;
const UNDO_MS = 5_000;

interface ListProps {
  view: ViewState;
  onOpen: (taskId: string) => void;
}

/**
 * The list, loaded a page at a time as it scrolls. Each page starts after the current last row of
 * the page before it, so a page refetched after a change never leaves a gap or a repeat.
 */
export function TaskList({ view, onOpen }: ListProps) {
  const [pendingDelete, setPendingDelete] = useState<Task | null>(null);
  const deleteTimer = useRef<number>();
  const [, deleteTask] = useMutation(DELETE_TASK);
  const { search, status, priority, tag, due, overdue, recurring, sort, dir } = view;
  const variables = useMemo(
    () => ({ search: search || undefined, filter: filterOf(view), sort: [{ field: sort, direction: dir }], first: PAGE }),
    // not `view`: the open editor (view.task) does not change the list
    [search, status, priority, tag, due, overdue, recurring, sort, dir],
  );
  const [pages, setPages] = useState(1);
  useEffect(() => setPages(1), [variables]);
  const more = useCallback(() => setPages((n) => n + 1), []);

  function deleteNow(task: Task) {
    window.clearTimeout(deleteTimer.current);
    void deleteTask({ id: task.id });
    setPendingDelete(null);
  }

  // one undo at a time: a second delete makes the first final
  function requestDelete(task: Task) {
    if (pendingDelete) deleteNow(pendingDelete);
    setPendingDelete(task);
    deleteTimer.current = window.setTimeout(() => deleteNow(task), UNDO_MS);
  }

  return (
    <section aria-label="Tasks">
      <ul className="tasks">
        <Page variables={variables} index={0} pages={pages} onMore={more} hidden={pendingDelete?.id} onDelete={requestDelete} onOpen={onOpen} />
      </ul>
      {pendingDelete && (
        <div className="toast undo" role="status">
          Deleted “{pendingDelete.title}”.{' '}
          <button
            onClick={() => {
              window.clearTimeout(deleteTimer.current);
              setPendingDelete(null);
            }}
          >
            Undo
          </button>
        </div>
      )}
    </section>
  );
}

interface PageProps {
  variables: TasksQueryVariables;
  index: number;
  pages: number;
  onMore: () => void;
  hidden?: string;
  onDelete: (task: Task) => void;
  onOpen: (taskId: string) => void;
}

/** One page of rows, then the next page (or the control that loads it). */
function Page({ variables, index, pages, onMore, hidden, onDelete, onOpen }: PageProps) {
  const [{ data, error, fetching }] = useQuery({ query: TASKS, variables });
  if (error) return <li className="form-error">{error.message}</li>;
  if (!data) return fetching ? <li className="muted">Loading…</li> : null;
  const { edges, pageInfo, totalCount } = data.tasks;
  const last = pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null;
  return (
    <>
      {index === 0 && edges.length === 0 && <li className="muted">Nothing here.</li>}
      {edges
        .filter(({ node }) => node.id !== hidden)
        .map(({ node }) => (
          <TaskRow key={node.id} task={node} onDelete={onDelete} onOpen={onOpen} />
        ))}
      {last &&
        (index + 1 < pages ? (
          <Page variables={{ ...variables, after: last }} index={index + 1} pages={pages} onMore={onMore} hidden={hidden} onDelete={onDelete} onOpen={onOpen} />
        ) : (
          <MoreRow shown={(index + 1) * (variables.first ?? PAGE)} total={totalCount} onMore={onMore} />
        ))}
    </>
  );
}

/** Loads the next page when it scrolls into view, or when pressed (keyboard users). */
function MoreRow({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let asked = false; // once per row: the next page replaces it
    const observer = new IntersectionObserver(
      (entries) => {
        if (asked || !entries.some((e) => e.isIntersecting)) return;
        asked = true;
        onMore();
      },
      { rootMargin: '400px' },
    );
    if (ref.current) observer.observe(ref.current);
    return () => observer.disconnect();
  }, [onMore]);
  return (
    <li className="more">
      <button ref={ref} className="link" onClick={() => onMore()}>
        Show more ({shown} of {total})
      </button>
    </li>
  );
}
