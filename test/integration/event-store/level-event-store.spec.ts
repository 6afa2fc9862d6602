import { randomUUID } from 'node:crypto';
import { ClassicLevel } from 'classic-level';
import { EventStoreUnavailableError, RecordedEvent } from '../../../application/ports/event-store.port';
import { MESSAGE_POSTED } from '../../../domain/group/events/message-posted.event';
import { LevelEventStore, MESSAGE_INDEX_INTERVAL } from '../../../infrastructure/event-store/level/level-event-store';
import { SharedSyncWriter } from '../../../infrastructure/event-store/level/shared-sync.writer';
import { temporaryDirectory } from '../../support/temporary-directory';
import { eventStoreContract } from '../../support/event-store-contract';

describe('LevelEventStore (embedded)', () => {
  const directory = temporaryDirectory('level-store');
  afterAll(() => directory.remove());

  eventStoreContract(
    async () => ({ store: await LevelEventStore.open(directory.path) }),
    async ({ store }) => store.close(),
    { largeGroupMessages: 20_000 },
  );

  it('reports itself unavailable once closed', async () => {
    const own = temporaryDirectory('level-store-closed');
    const store = await LevelEventStore.open(own.path);
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readStream('any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readMessages('any', { limit: 5 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readMessages('any', { beforeSeq: 40, limit: 5 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
    own.remove();
  });

  it('refuses a second process-level opener of the same directory with a clear reason', async () => {
    const own = temporaryDirectory('level-store-locked');
    const store = await LevelEventStore.open(own.path);
    await expect(LevelEventStore.open(own.path)).rejects.toThrow(/cannot open the embedded store/);
    await store.close();
    own.remove();
  });
});

describe('LevelEventStore (embedded): the sparse message index', () => {
  const total = 100;
  const recorded = (version: number, type: string, data: Record<string, unknown>): RecordedEvent => ({
    streamId: 'g',
    version,
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    recordedAt: '2025-03-01T10:15:30.123Z',
    metadata: {},
  });
  /** Group `g` with `total` messages, a member added before each from the 10th on; the store is closed after. */
  async function chatIn(path: string): Promise<Map<number, number>> {
    const store = await LevelEventStore.open(path);
    const versionOfSeq = new Map<number, number>();
    let version = 0;
    for (let seq = 1; seq <= total; seq++) {
      const events = seq >= 10 ? [recorded(version + 1, 'MemberAdded', { memberId: `m${seq}` })] : [];
      events.push(recorded(version + events.length + 1, MESSAGE_POSTED, { seq, text: `message ${seq}` }));
      ({ version } = await store.append('g', version, events));
      versionOfSeq.set(seq, version);
    }
    await store.close();
    return versionOfSeq;
  }
  const raw = async (path: string) => {
    const db = new ClassicLevel<string, string>(path, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await db.open();
    return { db, messages: db.sublevel<string, string>('messages', { valueEncoding: 'utf8' }) };
  };
  const seqs = (events: RecordedEvent[]) => events.map((event) => event.data.seq);

  it(`files one message in ${MESSAGE_INDEX_INTERVAL} in the index, not every one`, async () => {
    const own = temporaryDirectory('level-sparse-index');
    await chatIn(own.path);
    const { db, messages } = await raw(own.path);
    const indexed = await messages.keys({ gte: 'g\u0000', lt: 'g\u0001' }).all();
    await db.close();
    own.remove();
    expect(indexed.map((entry) => Number(entry.slice(2)))).toEqual([32, 64, 96]);
  });

  it('reads the pages of a directory whose index files every message, as the store wrote it before', async () => {
    const own = temporaryDirectory('level-dense-index');
    const versionOfSeq = await chatIn(own.path);
    const { db, messages } = await raw(own.path);
    // The format an index entry has always had: stream, NUL, the sequence number in 16 digits -> the version.
    await messages.batch([...versionOfSeq].map(([seq, version]) => ({ type: 'put' as const, key: `g\u0000${String(seq).padStart(16, '0')}`, value: String(version) })));
    await db.close();
    const store = await LevelEventStore.open(own.path);
    try {
      expect(seqs(await store.readMessages('g', { limit: 3 }))).toEqual([98, 99, 100]);
      expect(seqs(await store.readMessages('g', { beforeSeq: 40, limit: 3 }))).toEqual([37, 38, 39]);
      expect(seqs(await store.readMessages('g', { beforeSeq: 3, limit: 5 }))).toEqual([1, 2]);
    } finally {
      await store.close();
      own.remove();
    }
  });
});

describe('LevelEventStore (embedded), synced with a group commit window', () => {
  const directory = temporaryDirectory('level-store-group-commit');
  afterAll(() => directory.remove());

  eventStoreContract(
    async () => ({ store: await LevelEventStore.open(directory.path, { mode: 'synced', groupCommitMs: 5 }) }),
    async ({ store }) => store.close(),
    { largeGroupMessages: 2_000 },
  );
});

describe('SharedSyncWriter group commit (minIntervalMs)', () => {
  /** The writer over a real LevelDB, with each batch it hands the database counted and timed. */
  async function writerOver(minIntervalMs: number) {
    const own = temporaryDirectory('level-writer');
    const db = new ClassicLevel<string, unknown>(own.path, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await db.open();
    const batches: { at: number; done?: number; operations: number }[] = [];
    const batch = db.batch.bind(db) as (operations: unknown[], options: unknown) => Promise<void>;
    (db as unknown as { batch: typeof batch }).batch = async (operations, options) => {
      const entry: (typeof batches)[number] = { at: performance.now(), operations: operations.length };
      batches.push(entry);
      await batch(operations, options);
      entry.done = performance.now();
    };
    const writer = new SharedSyncWriter(db, async () => 0, { sync: true, minIntervalMs });
    const put = (streamId: string, version: number) =>
      writer.append({
        streamId,
        expectedVersion: version - 1,
        newVersion: version,
        operations: [{ type: 'put', key: `${streamId}/${version}`, value: String(version) }],
      });
    return { put, batches, close: async () => (await writer.idle(), await db.close(), own.remove()) };
  }

  it('writes an append after a quiet spell at once, without waiting for the window', async () => {
    const { put, batches, close } = await writerOver(300);
    await put('a', 1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const called = performance.now();
    await put('a', 2);
    // Handed to the database at once; only the disk bounds the rest, and the check is on the handing.
    expect(batches).toHaveLength(2);
    expect(batches[1].at - called).toBeLessThan(50);
    await close();
  });

  it('holds what comes during the window for one batch, written when the window ends', async () => {
    const { put, batches, close } = await writerOver(1000);
    await put('a', 1);
    const rest = [put('a', 2), put('b', 1), put('c', 1)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    rest.push(put('b', 2));
    await Promise.all(rest);
    expect(batches.map((b) => b.operations)).toEqual([1, 4]);
    expect(batches[1].at - batches[0].at).toBeGreaterThanOrEqual(990);
    await close();
  });

  it('writes each batch as soon as the previous one is done when the window is 0', async () => {
    const { put, batches, close } = await writerOver(0);
    const first = put('a', 1);
    const rest = [put('a', 2), put('b', 1)];
    await Promise.all([first, ...rest]);
    expect(batches.map((b) => b.operations)).toEqual([1, 2]);
    expect(batches[1].at - batches[0].done!).toBeLessThan(20);
    await close();
  });
});
