/**
 * CPU per posted message of the write pipeline alone: the post use case, the command handler, the embedded store in
 * `written` mode with the service's group commit, the in-process bus and one listener per group; no sockets. On
 * families of 4 this is what ours pays on top of what the Socket.IO baseline pays (docs/performance/history.md).
 * Usage: taskset -c 1 node --max-semi-space-size=64 dist-bench/bench/pipeline.js [messages/s, default 4000] [seconds, default 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeChat } from '../entrypoint/compose-chat';
import { LevelEventStore } from '../infrastructure/event-store/level/level-event-store';

const GROUPS = 250;
const MEMBERS = 4;
const TICK_MS = 2;
const TEXT = 'a message of about the length the benchmark sends, with some words in it';

async function main(rate: number, seconds: number): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'chat-pipeline-'));
  const store = await LevelEventStore.open(directory, { mode: 'written', syncIntervalMs: 100, groupCommitMs: 3 });
  try {
    const chat = composeChat(store);
    const groups = Array.from({ length: GROUPS }, (_, g) => `group-${g}`);
    for (const groupId of groups) {
      await chat.createGroup.execute({ groupId, createdBy: 'user-0' });
      for (let m = 0; m < MEMBERS; m++) await chat.addMember.execute({ groupId, memberId: `user-${m}` });
    }
    let delivered = 0;
    const subscriptions = groups.map((groupId) => chat.events.subscribe(groupId, () => delivered++));
    await Promise.all(subscriptions.map((subscription) => subscription.ready));

    let posted = 0;
    let settled = 0;
    const cpuAtStart = process.cpuUsage();
    const startedAt = performance.now();
    await new Promise<void>((resolve, reject) => {
      let owed = 0;
      const timer = setInterval(() => {
        for (owed += (rate * TICK_MS) / 1000; owed >= 1; owed--) {
          const groupId = groups[(posted * 7) % GROUPS];
          posted++;
          chat.postMessage
            .execute({ groupId, senderId: `user-${posted % MEMBERS}`, text: TEXT }, { correlationId: 'pipeline' })
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
