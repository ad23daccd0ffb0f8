import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson, type Logger } from '@tasklane/platform';
import type { DeliveryStatus, Envelope, MessageHandler, PubSub, SubscribeOptions, Subscription } from '../port';

export interface DaprPubSubNames {
  /** consumer group = the app id: services that share work */
  shared: string;
  /** consumer group per sidecar, newest offset first: live fan-out (every gateway replica hears everything) */
  fanout: string;
  /** where messages go after the resiliency policy's retries are spent */
  deadLetterTopic: string;
}

interface Registration {
  topic: string;
  pubsubName: string;
  handler: MessageHandler;
}

const ROUTE_PREFIX = '/dapr/events/';
const STATUS: Record<DeliveryStatus, string> = { success: 'SUCCESS', retry: 'RETRY', drop: 'DROP' };

/**
 * Programmatic subscriptions: handlers are registered in code when a service starts (the same
 * calls as on the local adapter), and daprd reads them from `GET /dapr/subscribe` once the app
 * listens. Declarative files would repeat, per app, what the code already says.
 * The Kafka component keeps a partition's messages in order; the publisher keys them by task.
 */
export class DaprPubSub implements PubSub {
  private readonly registrations = new Map<string, Registration>();

  constructor(
    private readonly names: DaprPubSubNames,
    private readonly logger: Logger,
  ) {}

  async subscribe<T>(topic: string, options: SubscribeOptions, handler: MessageHandler<T>): Promise<Subscription> {
    if (this.registrations.has(topic)) throw new Error(`this app already subscribes to ${topic}`);
    const pubsubName = options.startAt === 'latest' ? this.names.fanout : this.names.shared;
    this.registrations.set(topic, { topic, pubsubName, handler: handler as MessageHandler });
    return { close: async () => void this.registrations.delete(topic) };
  }

  /** The app-side routes daprd calls; false for other paths. */
  route(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/dapr/subscribe') {
      sendJson(
        res,
        200,
        [...this.registrations.values()].map((r) => ({
          pubsubname: r.pubsubName,
          topic: r.topic,
          route: `${ROUTE_PREFIX}${r.topic}`,
          deadLetterTopic: this.names.deadLetterTopic,
          // live fan-out takes what has queued up in one request: one delivery per event would
          // wait behind every request of a busy gateway
          ...(r.pubsubName === this.names.fanout ? { bulkSubscribe: { enabled: true, maxMessagesCount: 200, maxAwaitDurationMs: 5 } } : {}),
        })),
      );
      return true;
    }
    if (req.method !== 'POST' || !path.startsWith(ROUTE_PREFIX)) return false;
    const registration = this.registrations.get(path.slice(ROUTE_PREFIX.length));
    void this.deliver(req, res, registration);
    return true;
  }

  private async deliver(req: IncomingMessage, res: ServerResponse, registration: Registration | undefined): Promise<void> {
    if (!registration) return sendJson(res, 200, { status: STATUS.drop });
    let body: Record<string, unknown>;
    try {
      body = (await readJson(req, 16 * 1024 * 1024)) as Record<string, unknown>;
    } catch {
      return sendJson(res, 200, { status: STATUS.retry });
    }
    if (Array.isArray(body.entries)) {
      // a bulk delivery: each entry in order, each with its own status
      const statuses = [];
      for (const entry of body.entries as Array<{ entryId: string; event: Record<string, unknown> }>) {
        statuses.push({ entryId: entry.entryId, status: STATUS[await this.handle(registration, entry.event)] });
      }
      return sendJson(res, 200, { statuses });
    }
    sendJson(res, 200, { status: STATUS[await this.handle(registration, body)] });
  }

  private async handle(registration: Registration, event: Record<string, unknown>): Promise<DeliveryStatus> {
    try {
      const envelope: Envelope = {
        id: String(event.id),
        topic: registration.topic,
        source: String(event.source ?? ''),
        time: String(event.time ?? new Date().toISOString()),
        data: event.data,
      };
      return (await registration.handler(envelope)) ?? 'success';
    } catch (error) {
      this.logger.warn({ err: error, topic: registration.topic }, 'event handler failed; asking Dapr to retry');
      return 'retry';
    }
  }
}
