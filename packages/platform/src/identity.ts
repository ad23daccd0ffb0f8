import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header in which the gateway passes the caller to subgraphs, signed with the internal key. */
export const IDENTITY_HEADER = 'x-tasklane-identity';

export interface Identity {
  userId: string;
  /** the user id, `assistant:<user id>` when the chatbot acts, or `system` */
  actor: string;
}

interface Claims {
  u: string;
  a: string;
  exp: number;
}

const LIFETIME_SECONDS = 300;

export function signIdentity(identity: Identity, key: string, now = Date.now()): string {
  const claims: Claims = { u: identity.userId, a: identity.actor, exp: Math.floor(now / 1000) + LIFETIME_SECONDS };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

/** The identity in a header value, or null when it is missing, forged or expired. */
export function verifyIdentity(value: string | undefined | null, key: string, now = Date.now()): Identity | null {
  if (!value) return null;
  const [body, signature, extra] = value.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(body, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    if (typeof claims.u !== 'string' || typeof claims.a !== 'string' || claims.exp * 1000 < now) return null;
    return { userId: claims.u, actor: claims.a };
  } catch {
    return null;
  }
}

function mac(body: string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
