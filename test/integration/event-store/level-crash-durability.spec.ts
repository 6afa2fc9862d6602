import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { LevelEventStore } from '../../../infrastructure/event-store/level/level-event-store';
import { temporaryDirectory } from '../../support/temporary-directory';

const BUILT_STORE = join(__dirname, '..', '..', '..', 'dist', 'infrastructure', 'event-store', 'level', 'level-event-store.js');

// A writer in its own process: appends to several streams at once (so that they share syncs) and prints
// "ack <stream> <version>" as each append resolves, until it is killed.
const WRITER = `
const { LevelEventStore } = require(${JSON.stringify(BUILT_STORE)});
(async () => {
  const store = await LevelEventStore.open(process.argv[1], JSON.parse(process.argv[2]));
  const streams = ['a', 'b', 'c', 'd'];
  await Promise.all(streams.map(async (stream) => {
    for (let version = 0; ; version++) {
      await store.append(stream, version, [{ streamId: stream, version: version + 1, eventId: stream + version,
        type: 'MessagePosted', schemaVersion: 1, data: { seq: version + 1 }, recordedAt: new Date().toISOString(), metadata: {} }]);
      process.stdout.write('ack ' + stream + ' ' + (version + 1) + '\\n');
    }
  }));
})();
`;

describe.each([
  ['synced (each append on disk before it is acknowledged)', { mode: 'synced' }],
  ['written (acknowledged once the OS has it, flushed in the background)', { mode: 'written', syncIntervalMs: 100 }],
])('LevelEventStore after a crash, %s', (_mode, durability) => {
  const directory = temporaryDirectory('crash');
  afterAll(() => directory.remove());

  it('keeps every append it acknowledged before the process was killed (SIGKILL, no chance to flush)', async () => {
    const writer = spawn(process.execPath, ['-e', WRITER, directory.path, JSON.stringify(durability)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged = new Map<string, number>();
    let output = '';
    await new Promise<void>((resolve) => {
      writer.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const lines = output.split('\n');
        output = lines.pop()!;
        for (const line of lines) {
          const [, stream, version] = line.split(' ');
          acknowledged.set(stream, Number(version));
        }
        if ([...acknowledged.values()].reduce((sum, v) => sum + v, 0) >= 400) resolve();
      });
    });
    writer.kill('SIGKILL');
    await once(writer, 'exit');

    const store = await LevelEventStore.open(directory.path);
    try {
      for (const [stream, version] of acknowledged) {
        const events = await store.readStream(stream);
        expect(events.length).toBeGreaterThanOrEqual(version);
        expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
        expect((await store.readMessages(stream, { limit: 1 }))[0].data.seq).toBe(events.length);
      }
    } finally {
      await store.close();
    }
  });
});
