import { ClassicLevel } from 'classic-level';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import { LevelEventStore } from '../../../infrastructure/event-store/level/level-event-store';
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
