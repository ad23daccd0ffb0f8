import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { AuthScreen } from './features/auth/auth-screen';
import { loadSession, saveSession, type Session } from './features/auth/session';
import { TaskEditor } from './features/editor/task-editor';
import { createApiClient, type LinkState } from './features/live/client';
import { LiveFeeds, NotificationsButton } from './features/live/reminders';
import { Filters } from './features/tasks/filters';
import { QuickAdd } from './features/tasks/quick-add';
import { TaskList } from './features/tasks/task-list';
import { useViewState } from './features/tasks/view-state';

const LINK_LABEL: Record<LinkState, string> = { connecting: 'Connecting…', live: 'Live', offline: 'Offline — reconnecting' };

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [link, setLink] = useState<LinkState>('connecting');
  const api = useMemo(() => (session ? createApiClient(session.token, setLink) : null), [session]);
  useEffect(() => () => api?.dispose(), [api]);

  const signIn = (s: Session | null) => {
    saveSession(s);
    setSession(s);
  };
  if (!session || !api) return <AuthScreen onSession={signIn} />;
  return (
    <Provider value={api.client}>
      <header className="top">
        <h1>Tasklane</h1>
        <span className={`link-state ${link}`} role="status" aria-label="Connection" data-link={link}>
          {LINK_LABEL[link]}
        </span>
        <NotificationsButton />
        <span className="muted who">{session.user.email}</span>
        <button className="link" onClick={() => signIn(null)}>
          Log out
        </button>
      </header>
      <TasksScreen />
      <LiveFeeds />
    </Provider>
  );
}

/** The list with its toolbar, and the editor of the task the URL names. */
function TasksScreen() {
  const [view, setView] = useViewState();
  return (
    <main className="app">
      <QuickAdd />
      <Filters view={view} setView={setView} />
      <TaskList view={view} onOpen={(task) => setView({ task })} />
      {view.task && <TaskEditor key={view.task} taskId={view.task} onClose={() => setView({ task: '' })} />}
    </main>
  );
}
