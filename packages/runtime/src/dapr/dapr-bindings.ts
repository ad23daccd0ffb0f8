import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, type Logger } from '@tasklane/platform';
import type { CronHandler, CronTriggers, OutputBindings } from '../port';
import type { Sidecar } from './sidecar';

/** Output bindings through the sidecar (e.g. `email`: the `bindings.smtp` component). */
export class DaprBindings implements OutputBindings {
  constructor(private readonly sidecar: Sidecar) {}

  async invoke(name: string, operation: string, data: unknown, metadata: Record<string, string> = {}): Promise<void> {
    await (await this.sidecar.sdk()).binding.send(name, operation, data, metadata);
  }
}

/**
 * Cron input bindings: daprd asks `OPTIONS /<binding>` whether the app takes it, then POSTs to
 * `/<binding>` on the component's schedule.
 */
export class DaprCron implements CronTriggers {
  private readonly handlers = new Map<string, CronHandler>();

  constructor(private readonly logger: Logger) {}

  onTick(name: string, handler: CronHandler): void {
    this.handlers.set(name, handler);
  }

  route(req: IncomingMessage, res: ServerResponse): boolean {
    const handler = this.handlers.get((req.url ?? '').split('?')[0].slice(1));
    if (!handler || (req.method !== 'POST' && req.method !== 'OPTIONS')) return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(200).end();
      return true;
    }
    void (async () => {
      await readBody(req).catch(() => '');
      try {
        await handler();
        sendJson(res, 200, {});
      } catch (error) {
        this.logger.warn({ err: error, url: req.url }, 'cron handler failed');
        sendJson(res, 500, { error: 'cron handler failed' });
      }
    })();
    return true;
  }
}
