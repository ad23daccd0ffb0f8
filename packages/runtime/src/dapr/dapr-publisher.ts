import type { OutboxMessage, Publisher } from '../port';
import type { Sidecar } from './sidecar';

/** Kafka partition key: a task's events stay in one partition, so consumers see them in order. */
export function partitionKeyOf(message: OutboxMessage): string {
  const data = message.data as { task_id?: unknown } | null;
  return typeof data?.task_id === 'string' ? data.task_id : message.topic;
}

/**
 * The relay's publisher in the Dapr topology: each topic's rows go out as one bulk publish of
 * CloudEvents whose id is the event id (consumers deduplicate on it). Any failure throws, so the
 * rows stay unpublished and the relay retries; a retry may publish some twice, which
 * at-least-once consumers absorb.
 *
 * Raw HTTP, not the SDK's publishBulk: @dapr/dapr 3.18 matches failed entries by `entryID` while
 * daprd answers `entryId`, so a partial failure reads as success and those events are lost
 * (the distributed suite's broker-outage tests caught it).
 */
export class DaprPublisher implements Publisher {
  constructor(
    private readonly sidecar: Sidecar,
    private readonly pubsubName: string,
  ) {}

  async publish(batch: OutboxMessage[]): Promise<void> {
    // one bulk per topic, each in outbox order: order matters within a topic only, and a change
    // writes to two topics, so runs of one topic would be a single event long
    const byTopic = new Map<string, OutboxMessage[]>();
    for (const message of batch) {
      const run = byTopic.get(message.topic) ?? [];
      run.push(message);
      byTopic.set(message.topic, run);
    }
    for (const run of byTopic.values()) {
      const res = await this.sidecar.request(
        'POST',
        `/v1.0-alpha1/publish/bulk/${this.pubsubName}/${encodeURIComponent(run[0].topic)}`,
        run.map((m) => ({
          entryId: m.seq,
          contentType: 'application/cloudevents+json',
          event: { specversion: '1.0', id: m.id, source: m.source, type: 'com.tasklane.event', time: m.time, datacontenttype: 'application/json', data: m.data },
          metadata: { partitionKey: partitionKeyOf(m) },
        })),
        30_000,
      );
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { failedEntries?: Array<{ error?: string }>; message?: string };
        const failed = body.failedEntries?.length ?? run.length;
        throw new Error(`publishing to ${run[0].topic} failed for ${failed} of ${run.length} (${res.status}): ${body.failedEntries?.[0]?.error ?? body.message ?? ''}`);
      }
    }
  }
}
