import type { OutboxMessage, Publisher } from '../port';
import type { Sidecar } from './sidecar';

/** Kafka partition key: a task's events stay in one partition, so consumers see them in order. */
export function partitionKeyOf(message: OutboxMessage): string {
  const data = message.data as { task_id?: unknown } | null;
  return typeof data?.task_id === 'string' ? data.task_id : message.topic;
}

/**
 * The relay's publisher in the Dapr topology: each run of same-topic rows goes out as one bulk
 * publish of CloudEvents whose id is the event id (consumers deduplicate on it). Any failure
 * throws, so the rows stay unpublished and the relay retries; a retry may publish some twice,
 * which at-least-once consumers absorb.
 */
export class DaprPublisher implements Publisher {
  constructor(
    private readonly sidecar: Sidecar,
    private readonly pubsubName: string,
  ) {}

  async publish(batch: OutboxMessage[]): Promise<void> {
    const client = await this.sidecar.sdk();
    for (let start = 0; start < batch.length; ) {
      let end = start;
      while (end < batch.length && batch[end].topic === batch[start].topic) end++;
      const run = batch.slice(start, end);
      const response = await client.pubsub.publishBulk(
        this.pubsubName,
        run[0].topic,
        run.map((m) => ({
          entryID: m.seq,
          contentType: 'application/cloudevents+json',
          event: { specversion: '1.0', id: m.id, source: m.source, type: 'com.tasklane.event', time: m.time, datacontenttype: 'application/json', data: m.data },
          metadata: { partitionKey: partitionKeyOf(m) },
        })),
      );
      if (response.failedMessages.length) {
        throw new Error(`publishing to ${run[0].topic} failed for ${response.failedMessages.length} of ${run.length}: ${String(response.failedMessages[0].error)}`);
      }
      start = end;
    }
  }
}
