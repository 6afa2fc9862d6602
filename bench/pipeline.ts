/**
 * CPU per posted message of the write pipeline alone: the post use case, the command handler, the embedded store with
 * the durability the service starts with (`written`, its sync interval and group commit), the in-process bus and one
 * listener per group; no sockets. It is the part of ours' work that the Socket.IO baseline does not do
 * (docs/performance/history.md, families of 4). Compare runs side by side only: the machine's speed moves.
 * Usage: taskset -c 1 node --max-semi-space-size=64 dist-bench/bench/pipeline.js [messages/s, default 4000] [seconds, default 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../entrypoint/config/app-config';
import { validateEnvironment } from '../entrypoint/config/environment';
import { commandSide, LevelEventStore, seedGroups } from './core';
import { groupId, userId } from './protocol';

const GROUPS = 250;
const MEMBERS = 4;
const TICK_MS = 2;
const TEXT = 'a message of about the length the benchmark sends, with some words in it';

async function main(rate: number, seconds: number): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'chat-pipeline-'));
  // The durability the service starts with when nothing is set.
  const config = new AppConfig(validateEnvironment({ DATA_DIR: directory })).store;
  if (config.kind !== 'embedded') throw new Error('the service default is the embedded store');
  await seedGroups(directory, GROUPS, MEMBERS);
  const store = await LevelEventStore.open(directory, config.durability);
  try {
    const chat = commandSide(store);
    const groups = Array.from({ length: GROUPS }, (_, group) => groupId(group));
    let delivered = 0;
    const subscriptions = groups.map((group) => chat.events.subscribe(group, () => delivered++));
    await Promise.all(subscriptions.map((subscription) => subscription.ready));

    let posted = 0;
    let settled = 0;
    const cpuAtStart = process.cpuUsage();
    const startedAt = performance.now();
    await new Promise<void>((resolve, reject) => {
      let owed = 0;
      const timer = setInterval(() => {
        for (owed += (rate * TICK_MS) / 1000; owed >= 1; owed--) {
          const group = groups[(posted * 7) % GROUPS];
          posted++;
          chat.postMessage
            .execute({ groupId: group, senderId: userId(posted % MEMBERS), text: TEXT }, { correlationId: 'pipeline' })
            .then(() => settled++, reject);
        }
        if (performance.now() - startedAt > seconds * 1000) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    while (settled < posted) await new Promise((resolve) => setTimeout(resolve, 5));
    const cpu = process.cpuUsage(cpuAtStart);
    const wall = (performance.now() - startedAt) / 1000;
    const micros = cpu.user + cpu.system;
    console.log(
      `posted ${posted} in ${wall.toFixed(1)} s (${Math.round(posted / wall)}/s), delivered ${delivered}; ` +
        `CPU ${((100 * micros) / 1e6 / wall).toFixed(1)} %, ${(micros / posted).toFixed(1)} µs per message ` +
        `(user ${(cpu.user / posted).toFixed(1)}, system ${(cpu.system / posted).toFixed(1)})`,
    );
    for (const subscription of subscriptions) subscription.unsubscribe();
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main(Number(process.argv[2] ?? 4000), Number(process.argv[3] ?? 10)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
