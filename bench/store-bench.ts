/**
 * Event-store appends per second, with the settings the service starts with (AppConfig over an empty environment):
 * the embedded store in its default mode (`written`: acknowledged once written to the OS, flushed in the background)
 * and in `synced` (each acknowledged append on disk first, with the same group-commit window); MongoDB (when
 * MONGODB_URL is set) waits for majority + journal.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../entrypoint/config/app-config';
import { validateEnvironment } from '../entrypoint/config/environment';
import { commandSide, IndexedEventStore, LevelEventStore } from './core';
import { newHistogram, quantile, record } from './histogram';
import { groupId, userId } from './protocol';

export interface StoreCase {
  readonly store: 'embedded, written' | 'embedded, synced' | 'mongodb';
  readonly name: string;
  readonly streams: number;
  readonly inFlight: number;
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface StoreBenchResult {
  readonly cases: StoreCase[];
  readonly notes: string[];
}

interface Options {
  readonly durationMs: number;
  readonly parallelGroups: number;
  readonly mongodbUrl?: string;
}

/** Runs `operation` from `workers` concurrent loops until the time is up. */
async function timed(durationMs: number, workers: number, operation: (worker: number) => Promise<void>) {
  const histogram = newHistogram();
  let operations = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        await operation(worker);
        record(histogram, performance.now() - begin);
        operations++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    operations,
    seconds,
    perSecond: operations / seconds,
    p50Ms: quantile(histogram, 0.5),
    p99Ms: quantile(histogram, 0.99),
  };
}

/** The `seq`-th message of `stream`, as its `version`-th event, shaped as the service records it. */
export function messageEvent(stream: string, version: number, seq = version) {
  const at = new Date().toISOString();
  return {
    streamId: stream,
    version,
    eventId: randomUUID(),
    type: 'MessagePosted',
    schemaVersion: 1,
    data: { groupId: stream, seq, senderId: 'u1', text: `message ${seq} of a benchmark, about sixty characters long`, at },
    recordedAt: at,
    metadata: { correlationId: randomUUID() },
  };
}

async function storeCases(label: StoreCase['store'], store: IndexedEventStore, options: Options, prefix: string) {
  const cases: StoreCase[] = [];
  const add = (name: string, streams: number, inFlight: number, result: Awaited<ReturnType<typeof timed>>) =>
    cases.push({ store: label, name, streams, inFlight, ...result });

  // Raw appends: each stream appends one event at a time (as a group's lane does), a snapshot every 100.
  const rawAppends = async (streams: number) => {
    const versions = new Array<number>(streams).fill(0);
    return timed(options.durationMs, streams, async (worker) => {
      const stream = `${prefix}-raw${streams}-${worker}`;
      const version = versions[worker];
      const snapshot = (version + 1) % 100 === 0 ? { version: version + 1, schemaVersion: 1, state: { members: ['u1'] } } : undefined;
      await store.append(stream, version, [messageEvent(stream, version + 1)], snapshot);
      versions[worker] = version + 1;
    });
  };
  add('append, one stream', 1, 1, await rawAppends(1));
  add(`append, ${options.parallelGroups} streams in parallel`, options.parallelGroups, options.parallelGroups, await rawAppends(options.parallelGroups));

  // The service's whole command path: PostMessage use case (load from cache, decide, append, publish).
  const app = commandSide(store);
  const groups = Array.from({ length: options.parallelGroups }, (_, index) => `${prefix}-${groupId(index)}`);
  await Promise.all(groups.map((group) => app.createGroup.execute({ groupId: group, createdBy: userId(0) })));
  const post = (group: string) => app.postMessage.execute({ groupId: group, senderId: userId(0), text: 'hello from the benchmark' }).then(() => undefined);
  add('PostMessage, one group, one at a time', 1, 1, await timed(options.durationMs, 1, () => post(groups[0])));
  add('PostMessage, one group, 100 in flight', 1, 100, await timed(options.durationMs, 100, () => post(groups[0])));
  add(
    `PostMessage, ${options.parallelGroups} groups in parallel`,
    options.parallelGroups,
    options.parallelGroups,
    await timed(options.durationMs, options.parallelGroups, (worker) => post(groups[worker])),
  );
  return cases;
}

export async function runStoreBench(options: Options): Promise<StoreBenchResult> {
  const cases: StoreCase[] = [];
  const notes: string[] = [];
  for (const mode of ['written', 'synced'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'chat-bench-store-'));
    try {
      const config = new AppConfig(validateEnvironment({ DATA_DIR: dir, DURABILITY: mode })).store;
      if (config.kind !== 'embedded') throw new Error('without MONGODB_URL the service runs on the embedded store');
      const store = await LevelEventStore.open(dir, config.durability);
      try {
        cases.push(...(await storeCases(`embedded, ${mode}`, store, options, 'bench')));
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (options.mongodbUrl) {
    const { MongoEventStore } = await import('../infrastructure/event-store/mongo/mongo-event-store');
    const { MongoClient } = await import('mongodb');
    const database = `chat_bench_${process.pid}_${Date.now()}`;
    const store = await MongoEventStore.connect({ url: options.mongodbUrl, database, serverSelectionTimeoutMs: 5000 });
    try {
      const hello = await (async () => {
        const client = new MongoClient(options.mongodbUrl!, { serverSelectionTimeoutMS: 5000 });
        try {
          return await client.db('admin').command({ hello: 1 });
        } finally {
          await client.close();
        }
      })();
      if (/127\.0\.0\.1:27117|localhost:27117/.test(options.mongodbUrl) || !hello.setName) {
        notes.push(
          'MongoDB figures: the target answers as a standalone server' +
            (/:27117/.test(options.mongodbUrl) ? ' on the stand-in port (../shared/tools/mongo-standin, an in-memory Python mock that is not built for speed)' : '') +
            ': they say nothing about a real replica set.',
        );
      }
      cases.push(...(await storeCases('mongodb', store, options, 'bench')));
    } finally {
      await store.close();
      const client = new MongoClient(options.mongodbUrl, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.db(database).dropDatabase();
      } catch {
        notes.push(`could not drop the benchmark database ${database}`);
      } finally {
        await client.close();
      }
    }
  } else {
    notes.push('MongoDB: skipped (MONGODB_URL is not set).');
  }
  return { cases, notes };
}
