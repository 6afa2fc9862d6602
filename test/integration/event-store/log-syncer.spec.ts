import { ClassicLevel } from 'classic-level';
import { readdirSync } from 'node:fs';
import { LogSyncer } from '../../../infrastructure/event-store/level/log-syncer';
import { temporaryDirectory } from '../../support/temporary-directory';

/** The background flush of DURABILITY=written, on a real LevelDB directory whose log moves on. */
describe('LogSyncer', () => {
  it('flushes the log LevelDB writes now, following it to each new one, and never fails an append', async () => {
    const directory = temporaryDirectory('log-syncer');
    // A tiny write buffer: LevelDB starts a new log every few kilobytes.
    const db = new ClassicLevel<string, string>(directory.path, { writeBufferSize: 4096 });
    const durations: number[] = [];
    const errors: unknown[] = [];
    const syncer = new LogSyncer(directory.path, { intervalMs: 10, onSync: (ms) => durations.push(ms), onError: (error) => errors.push(error) });
    try {
      await db.open();
      syncer.start();
      const followed = new Set<string>();
      for (let batch = 0; batch < 120; batch++) {
        await db.batch(Array.from({ length: 20 }, (_, n) => ({ type: 'put' as const, key: `k${batch}-${n}`, value: 'x'.repeat(100) })), { sync: false });
        await syncer.syncNow();
        const logs = readdirSync(directory.path).filter((name) => /^\d+\.log$/.test(name)).sort();
        expect(syncer.file).toBe(logs[logs.length - 1]);
        followed.add(syncer.file!);
      }
      expect(followed.size).toBeGreaterThan(2);
      expect(durations.length).toBeGreaterThanOrEqual(120);
      expect(errors).toEqual([]);
    } finally {
      await syncer.stop();
      await db.close();
      directory.remove();
    }
  });

  it('does not count a flush already under way for what was written after it began', async () => {
    const directory = temporaryDirectory('log-syncer');
    const db = new ClassicLevel<string, string>(directory.path, { writeBufferSize: 4096 });
    // No timer: the flush under way is the one this test starts before each write.
    const syncer = new LogSyncer(directory.path, { intervalMs: 60_000 });
    const behind: string[] = [];
    try {
      await db.open();
      for (let batch = 0; batch < 300; batch++) {
        const underWay = syncer.syncNow();
        await db.batch(Array.from({ length: 20 }, (_, n) => ({ type: 'put' as const, key: `k${batch}-${n}`, value: 'x'.repeat(100) })), { sync: false });
        await syncer.syncNow();
        await underWay;
        const logs = readdirSync(directory.path).filter((name) => /^\d+\.log$/.test(name)).sort();
        if (syncer.file !== logs[logs.length - 1]) behind.push(`${batch}: ${syncer.file} of ${logs.join(',')}`);
      }
      expect(behind).toEqual([]);
    } finally {
      await syncer.stop();
      await db.close();
      directory.remove();
    }
  });
});
