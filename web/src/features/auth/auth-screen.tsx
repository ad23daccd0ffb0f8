import { useState, type FormEvent } from 'react';
import { Field, FormError, type FieldError } from '../forms/field-error';
import { authenticate, type Session } from './session';

/** Sign up or log in. What was typed stays when the server refuses it. */
export function AuthScreen({ onSession }: { onSession: (s: Session) => void }) {
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [form, setForm] = useState({ email: '', password: '', name: '' });
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { email: form.email, password: form.password };
      if (mode === 'signup') {
        if (form.name) body.name = form.name;
        body.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      }
      onSession(await authenticate(mode, body));
    } catch (e) {
      setError(e as FieldError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <h1>Tasklane</h1>
      <form onSubmit={submit} aria-label={mode === 'login' ? 'Log in' : 'Sign up'}>
        {mode === 'signup' && (
          <Field label="Name" error={error} field="name">
            {(control) => <input {...control} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} autoComplete="name" />}
          </Field>
        )}
        <Field label="Email" error={error} field="email">
          {(control) => (
            <input {...control} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} autoComplete="email" />
          )}
        </Field>
        <Field label="Password" error={error} field="password">
          {(control) => (
            <input
              {...control}
              type="password"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            />
          )}
        </Field>
        <FormError error={error} fields={mode === 'signup' ? ['name', 'email', 'password'] : ['email', 'password']} />
        <button type="submit" disabled={busy}>
          {mode === 'login' ? 'Log in' : 'Create account'}
        </button>
      </form>
      <button className="link" onClick={() => (setMode(mode === 'login' ? 'signup' : 'login'), setError(null))}>
        {mode === 'login' ? 'New here? Create an account' : 'Have an account? Log in'}
      </button>
    </main>
  );
}
