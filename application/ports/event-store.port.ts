/** What travels with an event from the adapter that caused it: for tracing a command through logs and storage. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
}

/**
 * One event of one stream, as the store keeps it: built once by whoever appends it, persisted as it is, and the same
 * object is what the appender hands on. Readers get an equal object back.
 */
export interface RecordedEvent {
  readonly streamId: string;
  /** 1 for a stream's first event, then 2, 3... with no gaps. */
  readonly version: number;
  /** Unique across all streams: lets a consumer downstream of the store recognise an event it has already seen. */
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
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

/**
 * An append-only log of events per stream, with optimistic concurrency on the stream version. Implementations: the
 * embedded LevelDB store, the MongoDB store and the in-memory one; one contract test suite covers them all.
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
   * The id of the data itself, made when the store was first created and kept in it: every process that opens the same
   * data reads the same id, and two stores never share one. Instances compare it to find out whether they share a store.
   */
  readonly storeId: string;

  /**
   * Appends `events`, the stream's versions `expectedVersion + 1` on, if the stream is at `expectedVersion` (0 for a
   * new stream), else throws ConcurrencyError and stores nothing. Resolves once the events are durable. `snapshot`,
   * when given, describes the state after these events; a store may write it later than the events or not at all,
   * never instead of them.
   */
  append(
    streamId: string,
    expectedVersion: number,
    events: readonly RecordedEvent[],
    snapshot?: Snapshot,
  ): Promise<{ readonly version: number }>;

  /** A stream's events in version order. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  readLatestSnapshot(streamId: string): Promise<Snapshot | undefined>;

  /** Resolves when the store answers; rejects with EventStoreUnavailableError when it does not. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

/** Throws unless `events` are `streamId`'s next versions after `expectedVersion`: a caller's bug, never a race. */
export function requireNextVersions(streamId: string, expectedVersion: number, events: readonly RecordedEvent[]): void {
  // A plain loop: this runs on every append.
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (event.streamId !== streamId || event.version !== expectedVersion + index + 1) {
      throw new Error(`event ${event.eventId} is ${event.streamId}@${event.version}, not ${streamId}@${expectedVersion + index + 1}`);
    }
  }
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
