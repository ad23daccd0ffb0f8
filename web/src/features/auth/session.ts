import type { FieldError } from '../forms/field-error';

/** The signed-in user, kept in localStorage so a reload keeps the session. */
export interface Session {
  token: string;
  user: { id: string; email: string; name: string | null };
}

const KEY = 'tasklane:session';

export function loadSession(): Session | null {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    if (!stored?.token) return null;
    // a token past its expiry is no session
    const payload = JSON.parse(atob(stored.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return payload.exp && payload.exp * 1000 < Date.now() ? null : stored;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

/** POST /auth/signup or /auth/login; an error names its field when the server does. */
export async function authenticate(route: 'signup' | 'login', body: Record<string, string>): Promise<Session> {
  const res = await fetch(`/auth/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as Session & { errors?: Array<{ message: string; extensions?: { field?: string } }> };
  if (!res.ok) {
    const error = json.errors?.[0];
    throw { field: error?.extensions?.field, message: error?.message ?? `Request failed (${res.status})` } satisfies FieldError;
  }
  return json;
}
