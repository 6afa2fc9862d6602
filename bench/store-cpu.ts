/**
 * node dist-bench/bench/store-cpu.js [--rate 10000] [--seconds 30] [--streams 250] [--durability written]: the
 * embedded store alone under a steady load, as the service's embedded default opens it, and what each append costs
 * in CPU, by thread. Appends come at a fixed rate by the clock (one chat message each, a snapshot every 100, as a
 * group's lane appends), so that batching is what the service sees at that rate, not what a closed loop would make.
 * The event loop's share (which includes making each event, two ids and a timestamp, as the service does) is what
 * fan-out loses on one core; the other threads' (the thread pool's writes, LevelDB's compactions) is what it loses
 * besides. Run it pinned (`taskset -c 1`) to see one core's worth, as the benchmark pins the service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../entrypoint/config/app-config';
import { validateEnvironment } from '../entrypoint/config/environment';
import { LevelEventStore } from './core';
import { parseOptions } from './options';
import { threadCpuSeconds } from './proc-stats';
import { messageEvent } from './store-bench';

const USAGE = `usage: node dist-bench/bench/store-cpu.js [--rate 10000] [--seconds 30] [--streams 250] [--durability written|synced]
  appends/s offered, for how long (the first 3 s are not counted), over how many streams`;

async function main(): Promise<void> {
  const flags = parseOptions(process.argv.slice(2), USAGE);
  const rate = Number(flags.get('rate') ?? 10_000);
  const seconds = Number(flags.get('seconds') ?? 30);
  const streams = Number(flags.get('streams') ?? 250);
  const durability = flags.get('durability') ?? 'written';
  const warmupSeconds = 3;
  if (!(rate > 0 && seconds > warmupSeconds && streams > 0)) throw new Error(`--rate, --seconds (over ${warmupSeconds}) and --streams must be positive\n${USAGE}`);

  const dir = mkdtempSync(join(tmpdir(), 'chat-bench-store-cpu-'));
  const config = new AppConfig(validateEnvironment({ DATA_DIR: dir, DURABILITY: durability })).store;
  if (config.kind !== 'embedded') throw new Error('without MONGODB_URL the service runs on the embedded store');
  const store = await LevelEventStore.open(dir, config.durability);
  const versions = new Array<number>(streams).fill(0);
  let offered = 0;
  let answered = 0;
  let counted: { readonly cpu: Map<string, number>; readonly at: number; readonly answered: number } | undefined;
  const total = Math.floor(rate * seconds);
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const elapsed = (performance.now() - started) / 1000;
        counted ??= elapsed >= warmupSeconds ? { cpu: threadCpuSeconds(process.pid), at: performance.now(), answered } : undefined;
        const due = Math.min(rate * elapsed, total);
        for (; offered < due; offered++) {
          const worker = offered % streams;
          const version = versions[worker]++;
          const stream = `cpu-${worker}`;
          const snapshot = (version + 1) % 100 === 0 ? { version: version + 1, schemaVersion: 1, state: { members: ['u0', 'u1', 'u2', 'u3'] } } : undefined;
          store.append(stream, version, [messageEvent(stream, version + 1)], snapshot).then(() => {
            if (++answered === total) resolve();
          }, reject);
        }
        if (offered >= total) clearInterval(timer);
      }, 1);
    });
    const cpu = threadCpuSeconds(process.pid);
    const appends = answered - counted!.answered;
    const wallSeconds = (performance.now() - counted!.at) / 1000;
    const used = [...cpu].map(([thread, sofar]) => ({ thread, cpuSeconds: sofar - (counted!.cpu.get(thread) ?? 0) })).filter(({ cpuSeconds }) => cpuSeconds > 0);
    const perAppend = (value: number) => ((value * 1e6) / appends).toFixed(2);
    const eventLoop = used.find(({ thread }) => thread === String(process.pid))?.cpuSeconds ?? 0;
    const others = used.filter(({ thread }) => thread !== String(process.pid)).sort((a, b) => b.cpuSeconds - a.cpuSeconds);
    console.log(`${appends} appends in ${wallSeconds.toFixed(1)} s (${Math.round(appends / wallSeconds)}/s of ${rate}/s offered), ${streams} streams, DURABILITY=${durability}`);
    console.log(`CPU µs per append: event loop ${perAppend(eventLoop)}, other threads ${perAppend(others.reduce((sum, { cpuSeconds }) => sum + cpuSeconds, 0))} (${others.map(({ cpuSeconds }) => perAppend(cpuSeconds)).join(', ')})`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
