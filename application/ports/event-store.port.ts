/** What travels with an event from the adapter that caused it: for tracing a command through logs and storage. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface NewEvent {
  /** Unique across all streams: lets a consumer downstream of the store recognise an event it has already seen. */
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
  /** Set on chat messages: the store indexes them by it for "last N" and "page before S" reads. */
  readonly messageSeq?: number;
}

export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  /** 1 for a stream's first event, then 2, 3... with no gaps. */
  readonly version: number;
}

/**
 * The event as stored at `version` of `streamId`. Written out field by field rather than spread from `event`: a copy
 * made by spreading gets fresh hidden classes in V8 each time, garbage that only full collections reclaim, and this
 * runs once per stored event.
 */
export function recordedEvent(event: NewEvent, streamId: string, version: number): RecordedEvent {
  const { eventId, type, schemaVersion, data, recordedAt, metadata, messageSeq } = event;
  return messageSeq === undefined
    ? { eventId, type, schemaVersion, data, recordedAt, metadata, streamId, version }
    : { eventId, type, schemaVersion, data, recordedAt, metadata, messageSeq, streamId, version };
}

export interface Snapshot {
  /** The stream version the state reflects: events after it are replayed on top. */
  readonly version: number;
  readonly schemaVersion: number;
  readonly state: unknown;
}

export interface ReadStreamOptions {
  /** Only events with a version above this one. */
  readonly afterVersion?: number;
  readonly limit?: number;
}

export interface ReadMessagesOptions {
  /** Only messages with a sequence number below this one; the newest messages when absent. */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/**
 * An append-only log of events per stream, with optimistic concurrency on the stream version.
 * Implementations: the embedded LevelDB store and the MongoDB store; one contract test suite covers both.
 */
export interface EventStore {
  /**
   * Whether an append of several events stores all of them or none. Where it does, the service appends a burst of one
   * group's commands at once (one durable write for many messages); where it does not, one command at a time.
   */
  readonly atomicMultiEventAppends: boolean;

  /**
   * Whether this process is the store's only writer (an embedded store is; a shared database is not). Only then is
   * what the process remembers of a stream known to be current without asking the store.
   */
  readonly singleWriter: boolean;

  /**
   * Appends `events` if the stream is at `expectedVersion` (0 for a new stream), else throws ConcurrencyError
   * and stores nothing. Resolves once the events are durable. `snapshot`, when given, describes the state after
   * these events; a store may write it later than the events or not at all, never instead of them.
   */
  append(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    snapshot?: Snapshot,
  ): Promise<{ readonly version: number }>;

  /** A stream's events in version order. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  readLatestSnapshot(streamId: string): Promise<Snapshot | undefined>;

  /** The last `limit` messages before `beforeSeq` (or the newest), oldest first, in one indexed range read. */
  readMessages(streamId: string, options: ReadMessagesOptions): Promise<RecordedEvent[]>;

  /** Resolves when the store answers; rejects with EventStoreUnavailableError when it does not. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is no longer at version ${expectedVersion}: another writer appended first`);
    this.name = 'ConcurrencyError';
  }
}

/** The store cannot be reached right now; the same request may succeed later. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
