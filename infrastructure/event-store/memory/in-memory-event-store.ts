import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  EventStore,
  EventStoreUnavailableError,
  ReadStreamOptions,
  RecordedEvent,
  requireNextVersions,
  Snapshot,
} from '../../../application/ports/event-store.port';
import { MessageIndex, ReadMessagesOptions } from '../../../application/ports/message-index.port';
import { messageSeqOf } from '../message-sequence';

export interface InMemoryEventStoreOptions {
  /**
   * False when several command handlers share the store, as several instances share MongoDB: what one of them
   * remembers of a group may then be stale.
   */
  readonly singleWriter?: boolean;
}

/**
 * Events kept in this process's memory, held to the same contract as the LevelDB and MongoDB stores: the store the
 * unit tests of the use cases and of the command pipeline run on, where a test can see every append and make the
 * store fail. What it returns is a copy, as a store that serializes its events returns one, so no caller can change
 * what was stored.
 */
export class InMemoryEventStore implements EventStore, MessageIndex {
  readonly atomicMultiEventAppends = true;
  readonly singleWriter: boolean;
  /** Each in-memory store is its own data. */
  readonly storeId = randomUUID();
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly snapshots = new Map<string, Snapshot>();
  private closed = false;
  /** While set, every operation fails as a store that cannot be reached does. */
  down = false;
  /** Appends that stored something, for tests that count durable writes. */
  appends = 0;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.singleWriter = options.singleWriter ?? true;
  }

  async append(streamId: string, expectedVersion: number, events: readonly RecordedEvent[], snapshot?: Snapshot) {
    requireNextVersions(streamId, expectedVersion, events);
    // A real store answers later: commands that race must meet here as they meet there.
    await this.reachable();
    const stream = this.streams.get(streamId) ?? [];
    if (stream.length !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion);
    for (const event of events) stream.push(structuredClone(event));
    this.streams.set(streamId, stream);
    if (snapshot) this.snapshots.set(streamId, structuredClone(snapshot));
    if (events.length > 0) this.appends++;
    return { version: stream.length };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    await this.reachable();
    const after = (this.streams.get(streamId) ?? []).slice(options.afterVersion ?? 0);
    return structuredClone(options.limit === undefined ? after : after.slice(0, options.limit));
  }

  async readLatestSnapshot(streamId: string): Promise<Snapshot | undefined> {
    await this.reachable();
    return structuredClone(this.snapshots.get(streamId));
  }

  async readMessages(streamId: string, options: ReadMessagesOptions): Promise<RecordedEvent[]> {
    await this.reachable();
    if (options.limit <= 0) return [];
    const messages = (this.streams.get(streamId) ?? []).filter((event) => {
      const seq = messageSeqOf(event);
      return seq !== undefined && (options.beforeSeq === undefined || seq < options.beforeSeq);
    });
    return structuredClone(messages.slice(-options.limit));
  }

  async ping(): Promise<void> {
    await this.reachable();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async reachable(): Promise<void> {
    await Promise.resolve();
    if (this.closed) throw new EventStoreUnavailableError('the in-memory store is closed');
    if (this.down) throw new EventStoreUnavailableError('the in-memory store is down (test)');
  }
}
