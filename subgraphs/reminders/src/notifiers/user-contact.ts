import { AppIds, onBehalfOf, type Runtime } from '@tasklane/runtime';

export interface UserContact {
  email: string;
  name: string | null;
  timezone: string;
}

/** Where to reach a user: the gateway owns accounts, so ask it (service invocation). */
export function userContact(runtime: Runtime, signingKey: string, userId: string): Promise<UserContact | null> {
  return runtime.invoker.invoke<UserContact | null>(AppIds.gateway, 'user-contact', {}, onBehalfOf({ userId, actor: 'system' }, signingKey));
}

export const DEFAULT_FROM = 'Tasklane <reminders@tasklane.local>';
