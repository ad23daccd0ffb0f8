import type { InvocationContext, InvocationHandler, ServiceInvoker } from '../port';

export class InvocationError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Local service invocation: an in-process call of the handler the target app registered. */
export class InProcessInvoker implements ServiceInvoker {
  private readonly handlers = new Map<string, InvocationHandler>();

  handle(appId: string, method: string, handler: InvocationHandler): void {
    this.handlers.set(`${appId}/${method}`, handler);
  }

  async invoke<T>(appId: string, method: string, payload: unknown, context: InvocationContext = {}): Promise<T> {
    const handler = this.handlers.get(`${appId}/${method}`);
    if (!handler) throw new InvocationError(503, `app ${appId} has no method ${method} in this process`);
    // Serialize like a network hop would, so callers never share mutable objects with callees.
    const result = await handler(JSON.parse(JSON.stringify(payload ?? null)), context);
    return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as T;
  }
}
