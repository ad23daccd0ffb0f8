import { signIdentity, unauthenticated, verifyIdentity, type Identity } from '@tasklane/platform';
import type { InvocationContext } from './port';

/** The context for invoking another service on behalf of `identity` (signed like the gateway's header). */
export function onBehalfOf(identity: Identity, signingKey: string): InvocationContext {
  return { identity: signIdentity(identity, signingKey) };
}

/** The verified caller of an invocation; refuses unsigned or forged calls. */
export function callerOf(context: InvocationContext, signingKey: string): Identity {
  const identity = verifyIdentity(context.identity, signingKey);
  if (!identity) throw unauthenticated('Service invocation without a valid identity');
  return identity;
}
