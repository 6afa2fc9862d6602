import { Counter, Histogram, Registry } from 'prom-client';
import {
  ConcurrencyError,
  EventStore,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
} from '../../application/ports/event-store.port';
import { MessageIndex, ReadMessagesOptions } from '../../application/ports/message-index.port';
import { MESSAGE_POSTED } from '../../domain/group/events/message-posted.event';

/** A store and the message index it keeps, as every store of this service is. */
export type IndexedEventStore = EventStore & MessageIndex;

/** An EventStore that measures what passes through it, for Prometheus, and otherwise does exactly what the inner one does. */
export class InstrumentedEventStore implements EventStore, MessageIndex {
  private readonly appendSeconds: Histogram;
  private readonly appended: Counter<'type'>;
  /** One child per event type: inc({ type }) would hash its labels on every event. */
  private readonly appendedOfType = new Map<string, Counter.Internal>();
  private readonly messagesPosted: Counter;
  private readonly conflicts: Counter;

  readonly atomicMultiEventAppends: boolean;
  readonly singleWriter: boolean;
  readonly storeId: string;

  constructor(
    private readonly inner: IndexedEventStore,
    registry: Registry,
  ) {
    this.atomicMultiEventAppends = inner.atomicMultiEventAppends;
    this.singleWriter = inner.singleWriter;
    this.storeId = inner.storeId;
    this.appendSeconds = new Histogram({
      name: 'chat_event_store_append_seconds',
      help: 'Time from an append request to its events being durable',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.appended = new Counter({
      name: 'chat_events_appended_total',
      help: 'Events stored, by type',
      labelNames: ['type'],
      registers: [registry],
    });
    this.messagesPosted = new Counter({
      name: 'chat_messages_posted_total',
      help: 'Chat messages stored',
      registers: [registry],
    });
    this.conflicts = new Counter({
      name: 'chat_event_store_conflicts_total',
      help: 'Appends refused because another writer appended first (optimistic concurrency)',
      registers: [registry],
    });
  }

  async append(streamId: string, expectedVersion: number, events: readonly RecordedEvent[], snapshot?: Snapshot) {
    const stop = this.appendSeconds.startTimer();
    try {
      const result = await this.inner.append(streamId, expectedVersion, events, snapshot);
      for (const event of events) {
        this.appendedOf(event.type).inc();
        if (event.type === MESSAGE_POSTED) this.messagesPosted.inc();
      }
      return result;
    } catch (error) {
      if (error instanceof ConcurrencyError) this.conflicts.inc();
      throw error;
    } finally {
      stop();
    }
  }

  private appendedOf(type: string): Counter.Internal {
    let counter = this.appendedOfType.get(type);
    if (!counter) this.appendedOfType.set(type, (counter = this.appended.labels({ type })));
    return counter;
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readLatestSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return this.inner.readLatestSnapshot(streamId);
  }

  readMessages(streamId: string, options: ReadMessagesOptions): Promise<RecordedEvent[]> {
    return this.inner.readMessages(streamId, options);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
