/**
 * npm run bench [-- --flag value ...]: fan-out throughput and latency of the service against a Socket.IO rooms
 * baseline, memory per idle connection, and event-store appends/s.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { seedGroups } from './core';
import { parseOptions } from './options';
import { FanoutConfig, fmt, memoryLabel, runFanout, SystemResult } from './fanout';
import { killAllStarted, PROJECT_ROOT, RunningServer, SERVICE_MAIN, startReferenceServer, startOurs } from './processes';
import { ephemeralPorts, openFilesLimit } from './proc-stats';
import { summarizeProfile } from './profile-summary';
import { CpuRatio, cpuRatio } from './cpu-ratio';
import { SystemName, wallNow } from './protocol';
import { DiskProbe, STALL_MS } from './disk-probe';
import { chartSvg, fanoutTable, storeTable } from './report';
import { runStoreBench, StoreBenchResult } from './store-bench';

const USAGE = `usage: node dist-bench/bench/run.js [options]   (every option also as env BENCH_<NAME>, e.g. BENCH_GROUPS=10)
  --smoke                 tiny run for CI (2 groups x 5 members, 2 short steps, seconds)
  --systems LIST          baseline,ours (default both); ours-synced runs ours with DURABILITY=synced, ours-v2 over
                          the client protocol v2 (ours and ours-v2 run DURABILITY=written, the default); floor is
                          fan-out alone, no system (floor-server.ts): how far any server writing one frame per
                          delivery can get above the baseline on the shape
  --rounds N              ramps of each system, interleaved (baseline, ours, ours, baseline, ...) so that a slow or
                          busy stretch of a shared machine falls on both; the ratio is the median of the rounds'
                          ratios (default 2; the smoke run 1)
  --groups N --members N  default 20 x 100 (2,000 sockets)
  --generators N          load-generator processes (default 1)
  --steps LIST            offered deliveries/s per step (default 10000 x 1.25^k, 14 steps)
  --refine N              bisection steps after the knee (default 2)
  --confirm N             a step that fails is run again up to N times; one pass counts (default 1): a lone stall
                          (GC, a keepalive burst) must not end the ramp
  --warmup-ms N --measure-ms N --drain-ms N --settle-ms N
  --idle-ms N             in round 1, how long at most memory is left to settle before and after the sockets open
                          (default 60000; 0: measured 1 s after, as in later rounds)
  --p99-ms N              latency limit of a sustained step (default 50)
  --store-ms N            duration of each event-store case (default 2000); --store-groups N (default 20)
  --skip-store --skip-fanout
  --noise-percent N       a step during which other processes used more than N % of a core is run again (default 25)
  --noise-retries N       at most this often (default 3; the smoke run never retries)
  --profile               run ours under node --cpu-prof and print its top costs
  --profile-generator     run the load generators under node --cpu-prof (profiles in OUT/profiles/generator)
  --service-node-args S   extra node arguments of ours, e.g. --service-node-args=--trace-gc (its output goes to OUT/service-output.log)
  --generator-node-args S extra node arguments of the load generators (their output goes to this console)
  --service-env LIST      extra settings of ours, e.g. WS_PING_INTERVAL_MS=600000,SNAPSHOT_EVERY=1000
  --pin 0|1               servers on CPU 1, load generators on CPU 0, both systems alike (default 1 where there are
                          2+ CPUs and taskset; --pin=0 lets the kernel place them, which is noisier: see docs/performance.md)
  --out DIR               default bench-results
  --time-limit-s N        hard bound of the whole run (default 600)`;

function options(argv: string[]) {
  const flags = parseOptions(argv, USAGE);
  const get = (name: string): string | undefined => flags.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const bool = (name: string) => ['1', 'true', 'yes'].includes(get(name) ?? '');
  const smoke = bool('smoke');
  const pin = get('pin') === undefined ? canPin() : bool('pin');
  // Read where processes start (processes.ts), from the environment, like every option.
  process.env.BENCH_PIN = pin ? '1' : '0';
  const num = (name: string, normal: number, small: number) => {
    const text = get(name);
    const value = text === undefined ? (smoke ? small : normal) : Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, not ${text}`);
    return value;
  };
  const defaultSteps = smoke ? [200, 400] : Array.from({ length: 14 }, (_, k) => Math.round(10_000 * Math.pow(1.25, k)));
  const steps = get('steps')?.split(',').map(Number) ?? defaultSteps;
  if (steps.some((step) => !(step > 0))) throw new Error(`--steps must list positive numbers`);
  const systems = (get('systems') ?? 'baseline,ours').split(',') as SystemName[];
  if (systems.some((system) => !['baseline', 'ours', 'ours-synced', 'ours-v2', 'floor'].includes(system))) throw new Error('--systems: baseline, ours, ours-synced, ours-v2 and/or floor');
  return {
    smoke,
    pin,
    systems,
    rounds: Math.max(1, Math.floor(num('rounds', 2, 1))),
    groups: num('groups', 20, 2),
    members: num('members', 100, 5),
    generators: num('generators', 1, 1),
    steps,
    refine: num('refine', 2, 0),
    confirm: num('confirm', 1, 0),
    warmupMs: num('warmup-ms', 1500, 500),
    measureMs: num('measure-ms', 4000, 1000),
    drainMs: num('drain-ms', 3000, 1000),
    settleMs: num('settle-ms', 1000, 300),
    idleMs: num('idle-ms', 60_000, 0),
    p99LimitMs: num('p99-ms', 50, 50),
    storeMs: num('store-ms', 2000, 300),
    noisePercent: num('noise-percent', 25, 1000),
    noiseRetries: num('noise-retries', 3, 0),
    storeGroups: num('store-groups', 20, 4),
    skipStore: bool('skip-store'),
    skipFanout: bool('skip-fanout'),
    profile: bool('profile'),
    profileGenerator: bool('profile-generator'),
    serviceNodeArgs: (get('service-node-args') ?? '').split(' ').filter(Boolean),
    generatorNodeArgs: (get('generator-node-args') ?? '').split(' ').filter(Boolean),
    serviceEnv: Object.fromEntries(
      (get('service-env') ?? '').split(',').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
    out: get('out') ?? join(PROJECT_ROOT, 'bench-results'),
    timeLimitS: num('time-limit-s', 600, 120),
  };
}

/** Pinning needs a second CPU to put the generators on, and util-linux's taskset (in every Debian install). */
function canPin(): boolean {
  return availableParallelism() >= 2 && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
}

type RoundResult = SystemResult & { readonly round: number };

/** ABBA order: whichever system runs second in one round runs first in the next, so a drift in the machine's load favours neither. */
function interleaved(systems: SystemName[], rounds: number): { system: SystemName; round: number }[] {
  return Array.from({ length: rounds }, (_, index) => (index % 2 === 0 ? systems : [...systems].reverse()).map((system) => ({ system, round: index + 1 }))).flat();
}

function roundRatios(results: RoundResult[], rounds: number, system: SystemName = 'ours'): { round: number; ratio?: number; cpu?: CpuRatio }[] {
  return Array.from({ length: rounds }, (_, index) => {
    const round = index + 1;
    const baseline = results.find((result) => result.round === round && result.name === 'baseline');
    const ours = results.find((result) => result.round === round && result.name === system);
    return {
      round,
      ratio: baseline?.knee && ours ? (ours.knee?.deliveriesPerSec ?? 0) / baseline.knee.deliveriesPerSec : undefined,
      cpu: cpuRatio(baseline, ours),
    };
  });
}

/** The middle value; of an even count the lower of the middle two: a ratio some round measured, and never flattering. */
function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  return [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
}

const temporary: string[] = [];
function cleanUp(): void {
  killAllStarted();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<number> {
  const config = options(process.argv.slice(2));
  const began = wallNow();
  const hardDeadline = began + config.timeLimitS * 1000;
  const log = (line: string) => console.log(`[bench ${((wallNow() - began) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping everything the benchmark started`);
      cleanUp();
      process.exit(130);
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`the benchmark passed its time limit (${config.timeLimitS} s): stopping everything it started`);
    cleanUp();
    process.exit(2);
  }, config.timeLimitS * 1000);
  watchdog.unref();

  const sockets = config.groups * config.members;
  const files = openFilesLimit();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    openFilesLimit: files,
    ephemeralPorts: ephemeralPorts(),
  };
  log(`${machine.cpus} x ${machine.cpuModel}, node ${machine.node}; open files ${files.soft}/${files.hard}, ${machine.ephemeralPorts} client ports`);
  const perProcess = Math.ceil(sockets / config.generators) + 200;
  if (perProcess > files.soft || sockets + 200 > files.soft) {
    throw new Error(`${sockets} sockets need more open files than the limit ${files.soft}: raise it (ulimit -n) or use fewer members`);
  }
  if (sockets > machine.ephemeralPorts) throw new Error(`${sockets} sockets from one address exceed the ${machine.ephemeralPorts} client ports`);
  if (config.systems.some((system) => system !== 'baseline' && system !== 'floor') && !existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: run npm run build first`);
  mkdirSync(config.out, { recursive: true });

  let store: StoreBenchResult | undefined;
  if (!config.skipStore) {
    log(`event-store benchmark (${config.storeMs} ms per case)`);
    store = await runStoreBench({ durationMs: config.storeMs, parallelGroups: config.storeGroups, mongodbUrl: process.env.MONGODB_URL });
    console.log(storeTable(store));
  }

  const results: RoundResult[] = [];
  // Beside the store's directories (tmpdir), for as long as the ramps run.
  const disk = config.skipFanout ? undefined : DiskProbe.start(tmpdir());
  let profile: ReturnType<typeof summarizeProfile> & { file: string } | undefined;
  if (!config.skipFanout) {
    const runs = interleaved(config.systems, config.rounds);
    for (const [position, { system, round }] of runs.entries()) {
      const left = runs.length - position;
      const fanout: FanoutConfig = {
        groups: config.groups,
        members: config.members,
        generators: config.generators,
        steps: config.steps,
        refine: config.refine,
        confirm: config.confirm,
        warmupMs: config.warmupMs,
        measureMs: config.measureMs,
        drainMs: config.drainMs,
        p99LimitMs: config.p99LimitMs,
        minDeliveryRatio: 0.95,
        connectConcurrency: 64,
        generatorNodeArgs: [
          ...(config.profileGenerator ? ['--cpu-prof', '--cpu-prof-dir', join(config.out, 'profiles', 'generator')] : []),
          ...config.generatorNodeArgs,
        ],
        noisePercent: config.noisePercent,
        noiseRetries: config.noiseRetries,
        settleMs: config.settleMs,
        // Memory varies little from round to round; letting it settle costs up to a minute, so only round 1 waits.
        idleMemoryMs: round === 1 ? config.idleMs : 0,
        // Round 1's ramp gets its share of the time left as the others do, besides its two waits for memory to settle.
        deadline: wallNow() + (hardDeadline - 30_000 - wallNow()) / left + (round === 1 ? 2 * config.idleMs : 0),
        disk,
      };
      let server: RunningServer;
      let profileDir: string | undefined;
      if (system === 'baseline' || system === 'floor') {
        server = await startReferenceServer(system);
      } else {
        const dataDir = mkdtempSync(join(tmpdir(), 'chat-bench-data-'));
        temporary.push(dataDir);
        const seeding = wallNow();
        await seedGroups(dataDir, config.groups, config.members);
        log(`seeded ${config.groups} groups x ${config.members} members in ${Math.round(wallNow() - seeding)} ms`);
        if (config.profile) {
          profileDir = join(config.out, 'profiles');
          mkdirSync(profileDir, { recursive: true });
        }
        const nodeArgs = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), ...config.serviceNodeArgs];
        server = await startOurs(dataDir, nodeArgs, config.serviceEnv, system);
      }
      log(`${system}${config.rounds > 1 ? `, round ${round} of ${config.rounds}` : ''}: server pid ${server.pid} at ${server.baseUrl}; ${sockets} sockets, ${config.steps.length} steps`);
      try {
        results.push({ round, ...(await runFanout(system, server, fanout, log)) });
      } catch (error) {
        const output = server.output().trim();
        if (output) console.error(`--- ${system} server output (last 3,000 characters) ---\n${output.slice(-3000)}`);
        throw error;
      } finally {
        await server.stop();
        if (system !== 'baseline' && system !== 'floor' && config.serviceNodeArgs.length > 0) writeFileSync(join(config.out, 'service-output.log'), server.output());
      }
      if (profileDir) {
        const newest = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')).sort().pop();
        if (newest) {
          profile = { file: join(profileDir, newest), ...summarizeProfile(join(profileDir, newest)) };
        }
      }
    }
  }

  const diskOverall = disk?.overall();
  await disk?.stop();
  const rounds = roundRatios(results, config.rounds);
  const ratio = median(rounds.flatMap((entry) => (entry.ratio === undefined ? [] : [entry.ratio])));
  // Every system against the baseline, round by round and the median: what bench-shapes reads.
  const ratios = Object.fromEntries(
    config.systems
      .filter((system) => system !== 'baseline')
      .map((system) => {
        const each = roundRatios(results, config.rounds, system);
        return [
          system,
          {
            rounds: each,
            median: median(each.flatMap((entry) => (entry.ratio === undefined ? [] : [entry.ratio]))),
            cpuMedian: median(each.flatMap((entry) => (entry.cpu === undefined ? [] : [entry.cpu.ratio]))),
          },
        ];
      }),
  );
  // The table and the chart show one round, the one whose ratio is the median.
  const shown = rounds.find((entry) => entry.ratio === ratio)?.round ?? 1;
  const shownResults = results.filter((result) => result.round === shown);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const prefix = config.smoke ? 'smoke' : 'bench';
  const json = { startedAt: new Date(performance.timeOrigin).toISOString(), config, machine, store, disk: diskOverall, systems: results, rounds, ratio, ratios, shownRound: shown, profile };
  const jsonFile = join(config.out, `${prefix}-${stamp}.json`);
  writeFileSync(jsonFile, JSON.stringify(json, null, 2));
  writeFileSync(join(config.out, `${prefix}-latest.json`), JSON.stringify(json, null, 2));
  if (results.length > 0) {
    const title =
      `Fan-out, ${config.groups} groups x ${config.members} members, ${machine.cpus} cores${config.pin ? ', pinned' : ''}` +
      (config.rounds > 1 ? `, round ${shown} of ${config.rounds}` : '') +
      (ratio !== undefined ? `: ours/baseline sustained = ${ratio.toFixed(2)}${config.rounds > 1 ? ' (median of rounds)' : ''}` : '');
    const svg = chartSvg(shownResults, title, config.p99LimitMs);
    writeFileSync(join(config.out, `${prefix}-${stamp}.svg`), svg);
    writeFileSync(join(config.out, `${prefix}-latest.svg`), svg);
    if (config.rounds > 1) console.log(`\nround ${shown} of ${config.rounds} (the median ratio):`);
    console.log('\n' + fanoutTable(shownResults));
    for (const result of results) {
      console.log(
        `${config.rounds > 1 ? `round ${result.round}, ` : ''}${result.name}: sustained ${result.knee ? Math.round(result.knee.deliveriesPerSec).toLocaleString('en-US') : 0} deliveries/s ` +
          `(p99 ${result.knee ? fmt(result.knee.p99Ms) : '-'} ms); ${result.kneeReason}; ` +
          `${result.memory.kibPerIdleConnection.toFixed(1)} KiB RSS per idle connection (${memoryLabel(result.memory.settled)})` +
            (result.memory.kibPerIdleConnectionBesidesNewSpace === undefined
              ? ''
              : ` (${result.memory.kibPerIdleConnectionBesidesNewSpace.toFixed(1)} besides the young generation)`) +
            `; peak RSS ${result.serverPeakRssMiB.toFixed(0)} MiB`,
      );
    }
    for (const [system, { rounds: each, median: value, cpuMedian }] of Object.entries(ratios)) {
      if (config.rounds > 1) {
        const listed = each.map((entry) => `round ${entry.round} ${entry.ratio === undefined ? '-' : entry.ratio.toFixed(2)}`).join(', ');
        console.log(`ratio ${system}/baseline of sustained deliveries/s per round: ${listed}`);
      }
      if (value !== undefined) console.log(`ratio ${system}/baseline of sustained deliveries/s${config.rounds > 1 ? ', median of the rounds' : ''}: ${value.toFixed(2)}`);
      if (cpuMedian !== undefined) {
        const listed = each.map((entry) => (entry.cpu ? `${entry.cpu.ratio.toFixed(2)} at ${Math.round(entry.cpu.offeredDeliveriesPerSec)}` : '-')).join(', ');
        const detail = config.rounds > 1 ? `median of the rounds; by round ${listed}` : `at ${Math.round(each[0].cpu!.offeredDeliveriesPerSec)} deliveries/s`;
        console.log(`CPU per delivery, baseline over ${system}, at the highest load both sustained: ${cpuMedian.toFixed(2)} (${detail})`);
      }
    }
  }
  if (diskOverall && diskOverall.calls > 0) {
    console.log(
      `disk, ${diskOverall.calls} fdatasyncs of 200 bytes over ${diskOverall.seconds.toFixed(0)} s: p50 ${fmt(diskOverall.p50Ms)} ms, p99 ${fmt(diskOverall.p99Ms)} ms, ` +
        `max ${fmt(diskOverall.maxMs)} ms; ${diskOverall.stalls} over ${STALL_MS} ms, stalled ${(100 * diskOverall.stallFraction).toFixed(2)} % of the time`,
    );
  }
  if (profile) {
    console.log(`\nours, CPU profile ${profile.file} (${(profile.totalMs / 1000).toFixed(1)} s sampled), top self time:`);
    for (const entry of profile.functions.slice(0, 20)) console.log(`  ${entry.selfPercent.toFixed(1).padStart(5)} %  ${entry.name}`);
    console.log('by package:');
    for (const entry of profile.byPackage.slice(0, 12)) console.log(`  ${entry.selfPercent.toFixed(1).padStart(5)} %  ${entry.name}`);
  }
  console.log(`\nresults: ${jsonFile} (and ${prefix}-latest.json / .svg in ${config.out})`);
  cleanUp();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    cleanUp();
    process.exit(1);
  },
);
