/**
 * npm run bench:instances [-- --flag value ...]: what serving one group from several instances costs. Two arms in one
 * run, on one store (MONGODB_URL) and one broker: every client on one instance, and the clients split over two
 * instances. Each arm ramps the offered message rate; a step is sustained when p99 ≤ the limit and nothing is lost.
 * In the split arm, deliveries to sockets on the sender's instance and on the other are timed apart: the difference is
 * the cost of the hop through the broker.
 *
 * On the MongoDB stand-in (tests only: slow, in memory) the figures are bound by the store, not the broker.
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { newHistogram, quantile, record } from './histogram';
import { parseOptions } from './options';
import { freePort, killAllStarted, SERVICE_MAIN, SERVICE_NODE_FLAGS, spawnNode, stopProcess } from './processes';

const USAGE = `npm run bench:instances [-- options]
  --groups N --members N   default 10 x 10
  --steps LIST             offered messages/s over all groups, per step (default 20,40,80,160,320)
  --step-ms N              each step's duration (default 5000)
  --p99-ms N               latency limit of a sustained step (default 50)
  --broker URL             default amqp://guest:guest@127.0.0.1:5672`;

interface Options {
  groups: number;
  members: number;
  steps: number[];
  stepMs: number;
  p99Ms: number;
  broker: string;
}

function options(argv: string[]): Options {
  const flags = parseOptions(argv, USAGE);
  const number = (name: string, fallback: number) => (flags.has(name) ? Number(flags.get(name)) : fallback);
  return {
    groups: number('groups', 10),
    members: number('members', 10),
    steps: (flags.get('steps') ?? '20,40,80,160,320').split(',').map(Number),
    stepMs: number('step-ms', 5000),
    p99Ms: number('p99-ms', 50),
    broker: flags.get('broker') ?? 'amqp://guest:guest@127.0.0.1:5672',
  };
}

interface Instance {
  readonly httpUrl: string;
  stop(): Promise<void>;
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const httpPort = await freePort();
  const child = spawnNode([...SERVICE_NODE_FLAGS, SERVICE_MAIN], {
    ...process.env,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    MANAGEMENT_PORT: '0',
    // The benchmark's senders post faster than a person: the per-socket rate limit is not what is measured.
    WS_MESSAGES_PER_SECOND: '100000',
    WS_MESSAGE_BURST: '100000',
    ...env,
    HTTP_PORT: `${httpPort}`,
    GRPC_PORT: `${await freePort()}`,
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('an instance exited during start-up');
    if ((await fetch(`${httpUrl}/health/ready`).catch(() => undefined))?.ok) break;
    if (Date.now() > deadline) throw new Error('an instance did not become ready within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { httpUrl, stop: () => stopProcess(child, 10_000) };
}

interface Member {
  readonly groupId: string;
  readonly userId: string;
  readonly instance: number;
  readonly socket: WebSocket;
}

interface StepResult {
  offered: number;
  deliveriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  sameInstanceP50Ms: number;
  otherInstanceP50Ms: number;
  lost: number;
  duplicated: number;
  reordered: number;
  sustained: boolean;
}

async function runArm(name: string, instanceCount: number, config: Options): Promise<StepResult[]> {
  const clusterName = `bench-${randomUUID().slice(0, 8)}`;
  const shared = {
    MONGODB_URL: process.env.MONGODB_URL ?? '',
    MONGODB_DATABASE: `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    AMQP_URL: config.broker,
    CLUSTER_NAME: clusterName,
    USER_SERVICE_EVENT_QUEUE: `${clusterName}.group_updates`,
    AMQP_DEAD_LETTER_EXCHANGE: `${clusterName}.dead_letter`,
    AMQP_DEAD_LETTER_QUEUE: `${clusterName}.dead_letter`,
  };
  const instances: Instance[] = [];
  const members: Member[] = [];
  try {
    for (let n = 0; n < instanceCount; n++) instances.push(await startInstance(shared));
    const groups = Array.from({ length: config.groups }, (_, n) => `bench-${n}`);
    for (const groupId of groups) {
      await post(instances[0], '/v1/groups', { groupId, createdBy: 'm0' });
      for (let m = 1; m < config.members; m++) await post(instances[0], `/v1/groups/${groupId}/members`, { memberId: `m${m}` });
    }
    // Members alternate between the instances: in the split arm, half of each group is on each.
    for (const groupId of groups) {
      for (let m = 0; m < config.members; m++) {
        const instance = m % instances.length;
        const url = `${instances[instance].httpUrl.replace('http', 'ws')}/v1/messages/${groupId}?user=m${m}`;
        const socket = new WebSocket(url);
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        members.push({ groupId, userId: `m${m}`, instance, socket });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const results: StepResult[] = [];
    for (const offered of config.steps) {
      const result = await runStep(members, offered, config);
      results.push(result);
      console.log(
        `${name.padEnd(22)} ${String(offered).padStart(5)} msgs/s  ${Math.round(result.deliveriesPerSec).toLocaleString('en-US').padStart(7)} dlv/s  ` +
          `p50 ${result.p50Ms.toFixed(1).padStart(6)} ms  p99 ${result.p99Ms.toFixed(1).padStart(6)} ms  ` +
          `same ${fmt(result.sameInstanceP50Ms)} / other ${fmt(result.otherInstanceP50Ms)} ms p50  ` +
          `lost ${result.lost} dup ${result.duplicated} reord ${result.reordered}${result.sustained ? '' : '  (not sustained)'}`,
      );
      if (!result.sustained) break;
    }
    return results;
  } finally {
    for (const member of members) member.socket.terminate();
    await Promise.all(instances.map((instance) => instance.stop()));
  }
}

/** Offers `offered` messages/s, spread over the groups, each sent by the next member in turn, for one step. */
async function runStep(members: Member[], offered: number, config: Options): Promise<StepResult> {
  const byGroup = new Map<string, Member[]>();
  for (const member of members) byGroup.set(member.groupId, [...(byGroup.get(member.groupId) ?? []), member]);
  const all = newHistogram();
  const same = newHistogram();
  const other = newHistogram();
  const sent = new Map<string, { at: number; instance: number; groupId: string }>();
  const seen = new Map<WebSocket, Set<string>>();
  const lastIndex = new Map<WebSocket, Map<string, number>>();
  let deliveries = 0;
  let duplicated = 0;
  let reordered = 0;
  const listeners: [WebSocket, (data: Buffer) => void][] = [];
  for (const member of members) {
    const own = new Set<string>();
    seen.set(member.socket, own);
    lastIndex.set(member.socket, new Map());
    const listener = (data: Buffer) => {
      const frame = JSON.parse(String(data)) as [string, string[]];
      if (frame[0] !== 'NewMessage') return;
      const id = frame[1][2];
      const origin = sent.get(id);
      if (!origin) return;
      if (own.has(id)) return void duplicated++;
      own.add(id);
      // Each sender's messages carry a counter: one arriving below the last seen from that sender is out of order.
      const [sender, counter] = id.split(':');
      const last = lastIndex.get(member.socket)!;
      if (Number(counter) < (last.get(sender) ?? -1)) reordered++;
      last.set(sender, Number(counter));
      const latency = performance.now() - origin.at;
      record(all, latency);
      record(origin.instance === member.instance ? same : other, latency);
      deliveries++;
    };
    member.socket.on('message', listener);
    listeners.push([member.socket, listener]);
  }
  const groups = [...byGroup.values()];
  const intervalMs = 1000 / offered;
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < config.stepMs) {
    const due = Math.floor((performance.now() - started) / intervalMs);
    for (; count <= due; count++) {
      const group = groups[count % groups.length];
      const sender = group[Math.floor(count / groups.length) % group.length];
      const id = `${sender.groupId}/${sender.userId}:${count}`;
      sent.set(id, { at: performance.now(), instance: sender.instance, groupId: sender.groupId });
      sender.socket.send(id);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const elapsed = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (const [socket, listener] of listeners) socket.off('message', listener);
  const expected = [...sent.values()].reduce((sum, { groupId }) => sum + (byGroup.get(groupId)?.length ?? 0), 0);
  const lost = expected - deliveries;
  const p99Ms = quantile(all, 0.99);
  return {
    offered,
    deliveriesPerSec: (deliveries / elapsed) * 1000,
    p50Ms: quantile(all, 0.5),
    p99Ms,
    sameInstanceP50Ms: quantile(same, 0.5),
    otherInstanceP50Ms: quantile(other, 0.5),
    lost,
    duplicated,
    reordered,
    sustained: lost === 0 && p99Ms <= config.p99Ms,
  };
}

async function post(instance: Instance, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${instance.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
}

function fmt(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

function knee(results: StepResult[]): StepResult | undefined {
  return results.filter((result) => result.sustained).pop();
}

async function main(): Promise<void> {
  const config = options(process.argv.slice(2));
  if (!process.env.MONGODB_URL) throw new Error('MONGODB_URL must name the store both arms share');
  console.log(`${config.groups} groups x ${config.members} members; steps ${config.steps.join(', ')} msgs/s of ${config.stepMs} ms`);
  const one = await runArm('one instance', 1, config);
  const two = await runArm('split over two', 2, config);
  const [kneeOne, kneeTwo] = [knee(one), knee(two)];
  const firstTwo = two[0];
  console.log(
    `\nsustained deliveries/s at p99 <= ${config.p99Ms} ms: one instance ${Math.round(kneeOne?.deliveriesPerSec ?? 0)}, ` +
      `split over two ${Math.round(kneeTwo?.deliveriesPerSec ?? 0)}` +
      (kneeOne && kneeTwo ? ` (ratio ${(kneeTwo.deliveriesPerSec / kneeOne.deliveriesPerSec).toFixed(2)})` : ''),
  );
  if (firstTwo) {
    console.log(
      `the hop through the broker, at ${firstTwo.offered} msgs/s: p50 ${fmt(firstTwo.sameInstanceP50Ms)} ms to sockets on the ` +
        `sender's instance, ${fmt(firstTwo.otherInstanceP50Ms)} ms on the other (+${fmt(firstTwo.otherInstanceP50Ms - firstTwo.sameInstanceP50Ms)} ms)`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    killAllStarted();
    process.exit(1);
  },
);
