import { randomUUID } from 'node:crypto';
import { ClassicLevel } from 'classic-level';
import {
  EventStore,
  EventStoreUnavailableError,
  ReadStreamOptions,
  RecordedEvent,
  requireNextVersions,
  Snapshot,
} from '../../../application/ports/event-store.port';
import { MessageIndex, ReadMessagesOptions } from '../../../application/ports/message-index.port';
import { messageSeqOf } from '../message-sequence';
import { LogSyncer } from './log-syncer';
import { BatchOperation, SharedSyncWriter } from './shared-sync.writer';

// Keys are `${streamId}\0${zero-padded number}`: ids never hold control characters (the domain refuses them),
// so one stream's keys form one contiguous range that no other stream's keys can enter.
const SEPARATOR = '\u0000';
const AFTER_SEPARATOR = '\u0001';
const pad = (n: number) => n.toString().padStart(16, '0');
const key = (streamId: string, n: number) => `${streamId}${SEPARATOR}${pad(n)}`;
const streamStart = (streamId: string) => `${streamId}${SEPARATOR}`;
const streamEnd = (streamId: string) => `${streamId}${AFTER_SEPARATOR}`;

/**
 * LevelDB's memtable, 32 MiB instead of its 4 MiB default. Every group appends at once, so each table LevelDB flushes
 * spans the key range of every group, and each compaction of four such tables into level 1 rewrites all of level 1:
 * eight times fewer, larger flushes save most of those rewrites (about an eighth of the store's CPU per message over
 * 400,000 appends, paired runs: docs/performance/history.md). The price: up to twice this much memory (a full table
 * being flushed while the next fills) and a longer log to replay after a crash, well under a second.
 */
const WRITE_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * The message index files every 32nd message (by sequence number), not each one. An index entry is a second key per
 * message in LevelDB's memtable, whose skip-list insertions are the largest part of the store's CPU per message; the
 * events themselves are already in version order, which is message order, so a page read seeks the first indexed
 * message at or after where the page ends and walks the events back from there, past at most 31 newer messages.
 */
export const MESSAGE_INDEX_INTERVAL = 32;

/**
 * What an acknowledged append survives. `synced`: it is on disk (fsync) before it is acknowledged, so it survives a
 * power loss; each append waits for the disk. `written`: it is in the operating system's hands (LevelDB's log, written
 * without a sync) when acknowledged, so it survives the service being killed, and a background flush every
 * `syncIntervalMs` puts it on disk, so a power loss loses at most that long (plus one flush) of acknowledged appends.
 *
 * In both, under load, appends wait up to `groupCommitMs` for the next batch (SharedSyncWriter's minIntervalMs), so that
 * one write (and, synced, one fsync) serves all the appends of that time.
 */
export type LevelDurability = (
  | { readonly mode: 'synced' }
  | {
      readonly mode: 'written';
      readonly syncIntervalMs: number;
      readonly onSync?: (durationMs: number) => void;
      readonly onSyncError?: (error: unknown) => void;
    }
) & { readonly groupCommitMs?: number; readonly levelOptions?: { readonly writeBufferSize?: number } };

/** The data's own id, made when the directory is first opened and kept beside the sublevels. */
async function storeIdOf(db: ClassicLevel<string, unknown>): Promise<string> {
  const meta = db.sublevel<string, string>('meta', { valueEncoding: 'utf8' });
  const found = await meta.get('storeId');
  if (found !== undefined) return found;
  const storeId = randomUUID();
  await meta.put('storeId', storeId);
  return storeId;
}

/**
 * The embedded default store: LevelDB on local disk through classic-level, so the service runs with no server.
 *
 * - `events`:    stream + version  -> recorded event (the log), each kept as the appender built it
 * - `messages`:  stream + message sequence number -> version, for every 32nd message (the message index, which
 *                history's page reads seek: MESSAGE_INDEX_INTERVAL; directories written before it was sparse hold an
 *                entry for every message, which reads the same)
 * - `snapshots`: stream -> latest snapshot
 *
 * An append writes its events, their index entries and the snapshot in one atomic LevelDB batch (synced, or flushed
 * in the background: LevelDurability), so a crash can never leave a snapshot or an index entry that disagrees with the
 * log. LevelDB admits one process per directory, so this
 * store serves one instance; several instances share MongoDB instead.
 */
export class LevelEventStore implements EventStore, MessageIndex {
  /** One LevelDB batch holds every event of an append. */
  readonly atomicMultiEventAppends = true;
  /** LevelDB admits one process per directory. */
  readonly singleWriter = true;
  private readonly events;
  private readonly messages;
  private readonly snapshots;
  private readonly writer: SharedSyncWriter;

  private constructor(
    private readonly db: ClassicLevel<string, unknown>,
    readonly storeId: string,
    durability: LevelDurability,
    private readonly syncer?: LogSyncer,
  ) {
    this.events = db.sublevel<string, RecordedEvent>('events', { valueEncoding: 'json' });
    this.messages = db.sublevel<string, number>('messages', { valueEncoding: 'json' });
    this.snapshots = db.sublevel<string, Snapshot>('snapshots', { valueEncoding: 'json' });
    this.writer = new SharedSyncWriter(db, (streamId) => this.headOnDisk(streamId), {
      sync: durability.mode === 'synced',
      minIntervalMs: durability.groupCommitMs,
    });
    syncer?.start();
  }

  static async open(location: string, durability: LevelDurability = { mode: 'synced' }): Promise<LevelEventStore> {
    // Strings in, strings out at the root: appends hand it keys and values encoded already (BatchOperation); the
    // sublevels, which everything reads through, decode JSON themselves.
    const db = new ClassicLevel<string, unknown>(location, {
      keyEncoding: 'utf8',
      valueEncoding: 'utf8',
      writeBufferSize: WRITE_BUFFER_BYTES,
      ...durability.levelOptions,
    });
    try {
      await db.open();
    } catch (error) {
      // classic-level says only "Database failed to open"; the reason is in its cause.
      const cause = (error as { cause?: { code?: string } }).cause;
      const why =
        cause?.code === 'LEVEL_LOCKED'
          ? 'another process holds it (is the service already running on this DATA_DIR? LevelDB admits one process per directory)'
          : describe(cause ?? error);
      throw new EventStoreUnavailableError(`cannot open the embedded store at ${location}: ${why}`, { cause: error });
    }
    const syncer =
      durability.mode === 'written'
        ? new LogSyncer(location, { intervalMs: durability.syncIntervalMs, onSync: durability.onSync, onError: durability.onSyncError })
        : undefined;
    return new LevelEventStore(db, await storeIdOf(db), durability, syncer);
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly RecordedEvent[],
    snapshot?: Snapshot,
  ): Promise<{ version: number }> {
    requireNextVersions(streamId, expectedVersion, events);
    // Encoded here as the sublevels would (their prefix, JSON), for the root database (BatchOperation).
    const operations: BatchOperation[] = [];
    for (const event of events) {
      operations.push({ type: 'put', key: this.events.prefix + key(streamId, event.version), value: JSON.stringify(event) });
      const seq = messageSeqOf(event);
      if (seq !== undefined && seq % MESSAGE_INDEX_INTERVAL === 0) operations.push({ type: 'put', key: this.messages.prefix + key(streamId, seq), value: String(event.version) });
    }
    if (snapshot) operations.push({ type: 'put', key: this.snapshots.prefix + streamId, value: JSON.stringify(snapshot) });
    const version = expectedVersion + events.length;
    // An empty append still checks the version: it tells whether the stream is where the caller thinks.
    await this.guard(() => this.writer.append({ streamId, expectedVersion, newVersion: version, operations }));
    return { version };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(() =>
      this.events
        .values({
          gt: key(streamId, options.afterVersion ?? 0),
          lt: streamEnd(streamId),
          ...(options.limit !== undefined && { limit: options.limit }),
        })
        .all(),
    );
  }

  async readLatestSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return this.guard(() => this.snapshots.get(streamId));
  }

  async readMessages(streamId: string, { beforeSeq, limit }: ReadMessagesOptions): Promise<RecordedEvent[]> {
    // Sequence numbers start at 1: before `beforeSeq` there are at most `beforeSeq - 1` messages to look for.
    const wanted = Math.min(limit, beforeSeq === undefined ? Infinity : beforeSeq - 1);
    if (!(wanted > 0)) return [];
    const end = beforeSeq === undefined ? undefined : await this.versionOfIndexedMessageFrom(streamId, beforeSeq);
    return this.guard(async () => {
      const newestFirst: RecordedEvent[] = [];
      const events = this.events.values({
        gte: streamStart(streamId),
        lt: end === undefined ? streamEnd(streamId) : key(streamId, end),
        reverse: true,
      });
      try {
        for await (const event of events) {
          const seq = messageSeqOf(event);
          if (seq === undefined || (beforeSeq !== undefined && seq >= beforeSeq)) continue;
          newestFirst.push(event);
          // The first message has nothing before it: below it lie only the group's creation and first members.
          if (newestFirst.length >= wanted || seq === 1) break;
        }
      } finally {
        await events.close();
      }
      return newestFirst.reverse();
    });
  }

  /**
   * The version of the first indexed message whose sequence number is `seq` or more: every message before `seq` lies
   * below it. Undefined when none is indexed yet (the newest messages are not), so a read walks from the stream's end.
   */
  private async versionOfIndexedMessageFrom(streamId: string, seq: number): Promise<number | undefined> {
    const [version] = await this.guard(() => this.messages.values({ gte: key(streamId, seq), lt: streamEnd(streamId), limit: 1 }).all());
    return version;
  }

  async ping(): Promise<void> {
    if (this.db.status !== 'open') throw new EventStoreUnavailableError(`the embedded store is ${this.db.status}`);
  }

  async close(): Promise<void> {
    await this.writer.idle();
    await this.syncer?.stop();
    await this.db.close();
  }

  /** In `written` mode, flushes what was written so far to disk now (tests; shutdown does it too). */
  async flush(): Promise<void> {
    await this.syncer?.syncNow();
  }

  private async headOnDisk(streamId: string): Promise<number> {
    const [last] = await this.guard(() =>
      this.events.keys({ gte: streamStart(streamId), lt: streamEnd(streamId), reverse: true, limit: 1 }).all(),
    );
    return last === undefined ? 0 : Number(last.slice(last.lastIndexOf(SEPARATOR) + 1));
  }

  /** A closed or failing database is reported as unavailable, the error adapters know how to answer. */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (this.db.status !== 'open') {
        throw new EventStoreUnavailableError(`the embedded store is ${this.db.status}`, { cause: error });
      }
      throw error;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
