import { randomUUID } from 'node:crypto';
import {
  Collection,
  Db,
  MongoBulkWriteError,
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  WriteConcern,
} from 'mongodb';
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
import { MESSAGE_POSTED } from '../../../domain/group/events/message-posted.event';

export interface MongoEventStoreOptions {
  readonly url: string;
  readonly database: string;
  /** How long an operation waits for a reachable server before the store reports itself unavailable. */
  readonly serverSelectionTimeoutMs: number;
  /**
   * What an acknowledged append survives: `w` ('majority': a majority of the replica set has it; 1: the primary) and
   * `journal` (true: in the on-disk journal of each of them, so it survives their power loss). Default majority and
   * journal.
   */
  readonly writeConcern?: { readonly w: 'majority' | number; readonly journal: boolean };
}

type EventDocument = RecordedEvent;
interface SnapshotDocument extends Snapshot {
  readonly _id: string;
}

const DUPLICATE_KEY = 11000;

/**
 * The MongoDB store, through the official driver: one document per event in `events`, one snapshot per stream in
 * `snapshots`.
 *
 * - The unique index on (streamId, version) is the concurrency guard: of two writers appending the same version,
 *   the server lets exactly one insert; the other's duplicate-key error becomes a ConcurrencyError.
 * - The message index is an index on the events themselves, (streamId, data.seq): "last N messages" and "the page
 *   before S" are one range read over the chat messages. (Events stored before it also carry a `messageSeq`, once
 *   indexed on its own; reads no longer need it.)
 * - Only what a standalone server offers is used (no transactions, no change streams). Hence snapshots are written
 *   after their events, as a cache: a crash in between leaves an older snapshot, and loading replays the events
 *   after it, so snapshot and log can never disagree about what happened.
 * - Writes wait for a majority and the journal: an acknowledged append survives a crash and a failover.
 *
 * An append of several events inserts them in order and is atomic only for its first event: the service appends
 * one event per command, so a half-written multi-event append cannot arise from it.
 */
export class MongoEventStore implements EventStore, MessageIndex {
  /** Without transactions, an append of several events can stop halfway (see above). */
  readonly atomicMultiEventAppends = false;
  /** Several instances may share the database. */
  readonly singleWriter = false;

  private constructor(
    readonly storeId: string,
    private readonly client: MongoClient,
    private readonly events: Collection<EventDocument>,
    private readonly snapshots: Collection<SnapshotDocument>,
  ) {}

  static async connect(options: MongoEventStoreOptions): Promise<MongoEventStore> {
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
      writeConcern: new WriteConcern(options.writeConcern?.w ?? 'majority', undefined, options.writeConcern?.journal ?? true),
    });
    try {
      await client.connect();
      const db = client.db(options.database);
      await MongoEventStore.createIndexes(db);
      return new MongoEventStore(
        await MongoEventStore.storeIdOf(db),
        client,
        db.collection<EventDocument>('events'),
        db.collection<SnapshotDocument>('snapshots'),
      );
    } catch (error) {
      await client.close().catch(() => undefined);
      throw unavailable(error) ?? error;
    }
  }

  /**
   * The database's own id, in a `meta` document made by whichever process comes first (the unique _id settles a race):
   * instances on the same database read the same id, whatever URL each one reaches it by.
   */
  private static async storeIdOf(db: Db): Promise<string> {
    const meta = db.collection<{ _id: string; storeId: string }>('meta');
    try {
      await meta.insertOne({ _id: 'store', storeId: randomUUID() });
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
    }
    const found = await meta.findOne({ _id: 'store' });
    if (!found) throw new Error('the store id was written but cannot be read back');
    return found.storeId;
  }

  private static async createIndexes(db: Db): Promise<void> {
    await db
      .collection('events')
      .createIndexes([
        { key: { streamId: 1, version: 1 }, name: 'stream_version', unique: true },
        { key: { streamId: 1, 'data.seq': 1 }, name: 'stream_data_seq' },
      ]);
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly RecordedEvent[],
    snapshot?: Snapshot,
  ): Promise<{ version: number }> {
    requireNextVersions(streamId, expectedVersion, events);
    try {
      // The unique index stops a writer that is behind; this stops one that claims to be ahead, which would
      // otherwise leave a gap. A version once written is never removed, so the check cannot go stale.
      if (expectedVersion > 0 && !(await this.events.findOne({ streamId, version: expectedVersion }))) {
        throw new ConcurrencyError(streamId, expectedVersion);
      }
      if (events.length > 0) {
        // The server gives each document its _id: the events are inserted as they are, never changed by the driver.
        await this.events.insertMany(events as EventDocument[], { ordered: true, forceServerObjectId: true });
      }
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConcurrencyError(streamId, expectedVersion);
      throw unavailable(error) ?? error;
    }
    if (snapshot) await this.saveSnapshot(streamId, snapshot);
    return { version: expectedVersion + events.length };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(async () => {
      const cursor = this.events
        .find({ streamId, version: { $gt: options.afterVersion ?? 0 } }, { projection: { _id: 0 } })
        .sort({ version: 1 });
      if (options.limit !== undefined) cursor.limit(options.limit);
      return cursor.toArray();
    });
  }

  async readLatestSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return this.guard(async () => {
      const document = await this.snapshots.findOne({ _id: streamId });
      return document ? { version: document.version, schemaVersion: document.schemaVersion, state: document.state } : undefined;
    });
  }

  async readMessages(streamId: string, options: ReadMessagesOptions): Promise<RecordedEvent[]> {
    if (options.limit <= 0) return [];
    return this.guard(async () => {
      const newestFirst = await this.events
        .find(
          {
            streamId,
            'data.seq': options.beforeSeq !== undefined ? { $lt: options.beforeSeq } : { $gte: 1 },
            type: MESSAGE_POSTED,
          },
          { projection: { _id: 0 } },
        )
        .sort({ 'data.seq': -1 })
        .limit(options.limit)
        .toArray();
      return newestFirst.reverse();
    });
  }

  async ping(): Promise<void> {
    try {
      await this.client.db('admin').command({ ping: 1 });
    } catch (error) {
      // Whatever stops a ping from being answered makes the store unavailable, however the driver words it.
      throw unavailable(error) ?? new EventStoreUnavailableError(`MongoDB cannot be reached: ${describe(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Keeps the newest snapshot: an older one arriving late matches nothing, and its upsert is refused as a duplicate. */
  private async saveSnapshot(streamId: string, snapshot: Snapshot): Promise<void> {
    try {
      await this.snapshots.updateOne(
        { _id: streamId, version: { $lt: snapshot.version } },
        { $set: { version: snapshot.version, schemaVersion: snapshot.schemaVersion, state: snapshot.state } },
        { upsert: true },
      );
    } catch {
      // Whatever went wrong, the events are stored and the append has succeeded: reporting a failure now would have
      // the caller send the message again. A snapshot is only a shortcut for loading; the next one replaces it.
    }
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw unavailable(error) ?? error;
    }
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error instanceof MongoServerError || error instanceof MongoBulkWriteError) && error.code === DUPLICATE_KEY;
}

// Socket errors that can surface unwrapped when a connection dies under an operation.
const CONNECTION_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function unavailable(error: unknown): EventStoreUnavailableError | undefined {
  const cannotReach =
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    CONNECTION_ERROR_CODES.has((error as { code?: unknown })?.code as string);
  return cannotReach ? new EventStoreUnavailableError(`MongoDB cannot be reached: ${describe(error)}`, { cause: error }) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
