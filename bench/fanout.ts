/** The fan-out benchmark of one system: memory per idle connection, then the ramp. */
import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { merge, newHistogram, quantile } from './histogram';
import { forkTracked, RunningServer, stopProcess } from './processes';
import { DiskProbe, DiskWindow } from './disk-probe';
import { HistogramReading, readHistograms, readNewSpaceMiB, StoreTimings, storeTimings } from './service-metrics';
import { cpuSeconds, cpuTimes, machineBusySeconds, memoryKiB, RssSampler, settledRssKiB, waitForQuiet } from './proc-stats';
import { ConnectedReport, GeneratorCommand, GeneratorReport, StepReport, SystemName, wallNow } from './protocol';

export interface FanoutConfig {
  readonly groups: number;
  readonly members: number;
  readonly generators: number;
  /** Offered deliveries per second of each ramp step (deliveries = messages × members of the group). */
  readonly steps: readonly number[];
  /** Extra steps bisecting between the last sustained step and the first that was not. */
  readonly refine: number;
  /** How often a failed step is run again before it counts as failed (a lone stall must not end the ramp). */
  readonly confirm: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly drainMs: number;
  readonly p99LimitMs: number;
  /** A step is sustained when deliveries/s reach at least this share of the offered deliveries/s. */
  readonly minDeliveryRatio: number;
  readonly connectConcurrency: number;
  /** Extra node arguments of the load generators (e.g. --cpu-prof). */
  readonly generatorNodeArgs: string[];
  readonly settleMs: number;
  /**
   * How long at most to let the service settle before the first and after the last memory point (settledRssKiB), so
   * that the young generation a burst of connections grew is not counted as their cost; 0 measures 1 s after.
   */
  readonly idleMemoryMs: number;
  /** CPU share (% of one core) of other processes above which a step counts as disturbed and is run again. */
  readonly noisePercent: number;
  /** How often a disturbed step is run again (after waiting for the machine to quieten). */
  readonly noiseRetries: number;
  /** Wall-clock ms after which no new step starts. */
  readonly deadline: number;
  /** The disk's fsync latency, measured beside the run: each step reports what the disk did during its window. */
  readonly disk?: DiskProbe;
}

export interface StepResult {
  readonly index: number;
  readonly refinement: boolean;
  readonly ratePerMember: number;
  readonly offeredMsgsPerSec: number;
  readonly offeredDeliveriesPerSec: number;
  readonly deliveriesPerSec: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly reordered: number;
  readonly errorFrames: number;
  readonly socketsClosed: number;
  readonly firstProblem?: string;
  readonly serverCpuSeconds: number;
  readonly serverCpuPercent: number;
  /** Server CPU per delivery during the window, µs: its efficiency, whatever the generator could offer. */
  readonly serverMicrosPerDelivery: number;
  /** The part of serverCpuPercent spent in the kernel (socket writes and reads, fsync). */
  readonly serverKernelPercent: number;
  readonly serverPeakRssMiB: number;
  readonly generatorCpuPercent: number;
  readonly generatorKernelPercent: number;
  /** CPU other processes of the machine used during the window (% of one core): their noise, not ours. */
  readonly otherCpuPercent: number;
  /** How many earlier runs of this step were discarded as disturbed by other processes. */
  readonly disturbedRuns: number;
  readonly maxSendLagMs: number;
  /** The disk's fsyncs during the measuring window (see disk-probe.ts). */
  readonly disk?: DiskWindow;
  /** The service's own appends and log fsyncs during the window, from its metrics (ours only). */
  readonly store?: StoreTimings;
  readonly sustained: boolean;
  readonly verdict: string;
  /** Set on the re-run of a failed step: the index of the failed run. */
  readonly confirmationOf?: number;
  /** A failed run that was run again: shown in the table, left out of the chart. */
  readonly superseded?: boolean;
}

export interface MemoryPoint {
  readonly sockets: number;
  readonly rssMiB: number;
  /** V8's young generation then (ours only, from its /metrics). */
  readonly newSpaceMiB?: number;
  /** What the wait for it to settle saw (settledRssKiB): 'unknown' without a young-generation figure; absent: no wait. */
  readonly settled?: boolean | 'unknown';
}

export interface SystemResult {
  readonly name: SystemName;
  readonly sockets: number;
  readonly memory: {
    readonly points: MemoryPoint[];
    /**
     * RSS growth from no socket to all of them, per socket: what the first sockets cost once is included. Between
     * points waited for (FanoutConfig.idleMemoryMs), else 1 s after the last socket opened.
     */
    readonly kibPerIdleConnection: number;
    /** Both ends of it settled (true), one did not (false), 'unknown' (no young-generation figure); absent: no wait. */
    readonly settled?: boolean | 'unknown';
    /** RSS growth between the last two stages, per socket added: one more connection's cost, without fixed costs. */
    readonly kibPerAddedConnection?: number;
    /** kibPerIdleConnection without the young generation's growth, which is not per connection (ours only). */
    readonly kibPerIdleConnectionBesidesNewSpace?: number;
  };
  readonly steps: StepResult[];
  /** The highest sustained step, if any. */
  readonly knee?: StepResult;
  readonly kneeReason: string;
  readonly serverPeakRssMiB: number;
  readonly serverCpuSecondsTotal: number;
  readonly notes: string[];
}

class Generator {
  private readonly inbox: GeneratorReport[] = [];
  private waiter?: () => void;
  private exited?: string;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: GeneratorReport) => {
      this.inbox.push(message);
      this.waiter?.();
    });
    child.once('exit', (code, signal) => {
      this.exited = `the load generator exited (${code ?? signal})`;
      this.waiter?.();
    });
  }

  send(command: GeneratorCommand): void {
    this.child.send(command);
  }

  async next<T extends GeneratorReport>(type: T['type'], timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const failure = this.inbox.find((message) => message.type === 'failure');
      if (failure && failure.type === 'failure') throw new Error(`load generator: ${failure.message}`);
      const index = this.inbox.findIndex((message) => message.type === type);
      if (index >= 0) return this.inbox.splice(index, 1)[0] as T;
      if (this.exited) throw new Error(this.exited);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the load generator did not answer "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How kibPerIdleConnection was measured, for a report. */
export function memoryLabel(settled: boolean | 'unknown' | undefined): string {
  if (settled === undefined) return '1 s after opening';
  return settled === true ? 'settled' : settled === false ? 'NOT settled' : 'after the wait';
}

function settledNote(point: MemoryPoint): string {
  return point.settled === undefined ? '' : ` (${memoryLabel(point.settled)})`;
}
const mib = (kib: number) => kib / 1024;

export async function runFanout(
  system: SystemName,
  server: RunningServer,
  config: FanoutConfig,
  log: (line: string) => void,
): Promise<SystemResult> {
  const notes: string[] = [];
  const sockets = config.groups * config.members;
  const generators: Generator[] = [];
  const sampler = new RssSampler(server.pid);
  try {
    for (let index = 0; index < config.generators; index++) {
      const generator = new Generator(forkTracked(join(__dirname, 'load-generator.js'), [], config.generatorNodeArgs));
      const groups = Array.from({ length: config.groups }, (_, group) => group).filter((group) => group % config.generators === index);
      generator.send({
        type: 'init',
        system,
        baseUrl: server.baseUrl,
        groups,
        members: config.members,
        connectConcurrency: Math.max(1, Math.round(config.connectConcurrency / config.generators)),
      });
      await generator.next('ready', 10_000);
      generators.push(generator);
    }
    const ownPids = () => [server.pid, ...generators.map((generator) => generator.child.pid!)];
    const socketsOf = generators.map((_, index) => Math.floor((config.groups - index - 1) / config.generators + 1) * config.members);

    // Memory per idle connection: RSS before any socket, then with 1,000 (when there are more) and all sockets open.
    await sleep(config.settleMs);
    const metricsUrl = system === 'baseline' || system === 'floor' ? undefined : `${server.baseUrl.replace(/^ws:/, 'http:')}/metrics`;
    const waits = config.idleMemoryMs > 0;
    const memoryPoint = async (open: number, idle = false): Promise<MemoryPoint> => {
      // Ours says how large its young generation is; the baseline does not, and is judged by its RSS alone.
      const stillGrown = metricsUrl ? async () => ((await readNewSpaceMiB(metricsUrl)) ?? 0) > 4 : undefined;
      const waited = idle ? await settledRssKiB(server.pid, config.idleMemoryMs, stillGrown) : undefined;
      const rssKiB = waited?.rssKiB ?? memoryKiB(server.pid).rss;
      const newSpaceMiB = metricsUrl ? await readNewSpaceMiB(metricsUrl) : undefined;
      const settled: MemoryPoint['settled'] = waited && (waited.settled ?? 'unknown');
      return {
        sockets: open,
        rssMiB: mib(rssKiB),
        ...(newSpaceMiB !== undefined && { newSpaceMiB }),
        ...(settled !== undefined && { settled }),
      };
    };
    const points: MemoryPoint[] = [await memoryPoint(0, waits)];
    const stages = sockets > 1000 ? [1000, sockets] : sockets >= 100 ? [Math.round(sockets / 2), sockets] : [sockets];
    for (const stage of stages) {
      const started = Date.now();
      const reports = await Promise.all(
        generators.map((generator, index) => {
          generator.send({ type: 'connect', upTo: Math.round((stage * socketsOf[index]) / sockets) });
          return generator.next<ConnectedReport>('connected', 120_000);
        }),
      );
      const open = reports.reduce((sum, report) => sum + report.open, 0);
      const failed = reports.reduce((sum, report) => sum + report.failed, 0);
      if (failed > 0) {
        throw new Error(`${failed} of ${stage} sockets did not open on ${system}: ${reports.find((report) => report.firstError)?.firstError}`);
      }
      log(`  ${system}: ${open} sockets open in ${Date.now() - started} ms`);
      await sleep(config.settleMs);
      points.push(await memoryPoint(open, waits && stage === stages[stages.length - 1]));
    }
    const last = points[points.length - 1];
    const ends = [points[0].settled, last.settled];
    const settled = !waits ? undefined : ends.every((end) => end === true) ? true : ends.includes(false) ? false : 'unknown';
    const kibPerIdleConnection = ((last.rssMiB - points[0].rssMiB) * 1024) / last.sockets;
    const previous = points.length > 2 ? points[points.length - 2] : undefined;
    // Only between points measured alike: a settled last point against an unsettled one before it says nothing.
    const kibPerAddedConnection = previous && !waits ? ((last.rssMiB - previous.rssMiB) * 1024) / (last.sockets - previous.sockets) : undefined;
    const kibPerIdleConnectionBesidesNewSpace =
      last.newSpaceMiB !== undefined && points[0].newSpaceMiB !== undefined
        ? ((last.rssMiB - points[0].rssMiB - (last.newSpaceMiB - points[0].newSpaceMiB)) * 1024) / last.sockets
        : undefined;
    log(
      `  ${system}: RSS ${points.map((point) => `${point.sockets} sockets ${point.rssMiB.toFixed(1)} MiB${settledNote(point)}`).join(', ')}` +
        `: ${kibPerIdleConnection.toFixed(1)} KiB per idle connection` +
        (kibPerAddedConnection === undefined ? '' : `, ${kibPerAddedConnection.toFixed(1)} KiB per connection added after the first ${previous!.sockets}`) +
        (kibPerIdleConnectionBesidesNewSpace === undefined
          ? ''
          : `; young generation ${points[0].newSpaceMiB!.toFixed(1)} -> ${last.newSpaceMiB!.toFixed(1)} MiB, ${kibPerIdleConnectionBesidesNewSpace.toFixed(1)} KiB per idle connection besides it`),
    );

    // The ramp, on a machine as quiet as it gets.
    const quiet = await waitForQuiet(ownPids(), config.noisePercent / 2, 30_000);
    if (quiet > config.noisePercent) notes.push(`other processes used ${Math.round(quiet)} % of a core when the ramp began`);
    const steps: StepResult[] = [];
    const stepMs = 200 + config.warmupMs + config.measureMs + config.drainMs + config.settleMs;
    let lastOutstanding = 0;
    const runStep = async (offeredDeliveries: number, refinement: boolean): Promise<StepResult> => {
      let step = await runUndisturbed(offeredDeliveries, refinement);
      for (let attempt = 0; attempt < config.confirm && !step.sustained && step.socketsClosed === 0; attempt++) {
        log(`  ${system}: step failed (${step.verdict}): running it again to confirm`);
        steps[steps.length - 1] = { ...step, superseded: true, verdict: `${step.verdict} (run again)` };
        await sleep(1000);
        step = await runUndisturbed(offeredDeliveries, refinement);
        step = { ...step, confirmationOf: steps.length - 2 } as StepResult;
        steps[steps.length - 1] = step;
      }
      return step;
    };
    const runUndisturbed = async (offeredDeliveries: number, refinement: boolean): Promise<StepResult> => {
      for (let disturbedRuns = 0; ; disturbedRuns++) {
        const step = await runStepOnce(offeredDeliveries, refinement, disturbedRuns);
        if (step.otherCpuPercent <= config.noisePercent || disturbedRuns >= config.noiseRetries) return step;
        steps.pop();
        log(`  ${system}: other processes used ${Math.round(step.otherCpuPercent)} % of a core during that step: waiting for quiet, then again`);
        await sleep(1000);
        await waitForQuiet(ownPids(), config.noisePercent / 2, 60_000);
      }
    };
    const runStepOnce = async (offeredDeliveries: number, refinement: boolean, disturbedRuns: number): Promise<StepResult> => {
      const index = steps.length;
      const ratePerMember = offeredDeliveries / (config.groups * config.members * config.members);
      const startAt = wallNow() + 200;
      const windowStart = startAt + config.warmupMs;
      const windowEnd = windowStart + config.measureMs;
      const histograms: Promise<Map<string, HistogramReading> | undefined>[] = [];
      const cpu = { server: [NaN, NaN], generators: [NaN, NaN], machine: [NaN, NaN], serverSystem: [NaN, NaN], generatorSystem: [NaN, NaN] };
      const generatorKernel = () => generators.reduce((sum, generator) => sum + cpuTimes(generator.child.pid!).system, 0);
      const generatorCpu = () => generators.reduce((sum, generator) => sum + cpuSeconds(generator.child.pid!), 0);
      const atStart = setTimeout(() => {
        cpu.server[0] = cpuSeconds(server.pid);
        cpu.serverSystem[0] = cpuTimes(server.pid).system;
        cpu.generators[0] = generatorCpu();
        cpu.generatorSystem[0] = generatorKernel();
        cpu.machine[0] = machineBusySeconds();
        sampler.reset();
        if (metricsUrl) histograms[0] = readHistograms(metricsUrl);
      }, windowStart - wallNow());
      const atEnd = setTimeout(() => {
        cpu.server[1] = cpuSeconds(server.pid);
        cpu.serverSystem[1] = cpuTimes(server.pid).system;
        cpu.generators[1] = generatorCpu();
        cpu.generatorSystem[1] = generatorKernel();
        cpu.machine[1] = machineBusySeconds();
        if (metricsUrl) histograms[1] = readHistograms(metricsUrl);
      }, windowEnd - wallNow());
      for (const generator of generators) {
        generator.send({ type: 'step', index, ratePerMember, startAt, warmupMs: config.warmupMs, measureMs: config.measureMs, drainMs: config.drainMs });
      }
      const reports = await Promise.all(generators.map((generator) => generator.next<StepReport>('stepDone', stepMs + 60_000)));
      clearTimeout(atStart);
      clearTimeout(atEnd);
      const histogram = newHistogram();
      for (const report of reports) merge(histogram, report.histogram);
      const sum = (pick: (report: StepReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
      const outstanding = sum((report) => report.outstanding);
      const lost = Math.max(0, outstanding - lastOutstanding);
      lastOutstanding = outstanding;
      const seconds = config.measureMs / 1000;
      const serverCpuSeconds = cpu.server[1] - cpu.server[0];
      const generatorCpuSeconds = cpu.generators[1] - cpu.generators[0];
      const otherCpuSeconds = cpu.machine[1] - cpu.machine[0] - serverCpuSeconds - generatorCpuSeconds;
      const result = {
        index,
        refinement,
        ratePerMember,
        offeredMsgsPerSec: ratePerMember * sockets,
        offeredDeliveriesPerSec: offeredDeliveries,
        deliveriesPerSec: sum((report) => report.deliveriesInWindow) / seconds,
        p50Ms: quantile(histogram, 0.5),
        p95Ms: quantile(histogram, 0.95),
        p99Ms: quantile(histogram, 0.99),
        maxMs: Math.max(...reports.map((report) => report.maxLatencyMs)),
        lost,
        duplicated: sum((report) => report.duplicated),
        reordered: sum((report) => report.reordered),
        errorFrames: sum((report) => report.errorFrames),
        socketsClosed: sum((report) => report.closed),
        firstProblem: reports.map((report) => report.firstClose ?? report.firstErrorFrame).find(Boolean),
        serverCpuSeconds,
        serverCpuPercent: (100 * serverCpuSeconds) / seconds,
        serverMicrosPerDelivery: (1e6 * serverCpuSeconds) / Math.max(1, sum((report) => report.deliveriesInWindow)),
        serverKernelPercent: (100 * (cpu.serverSystem[1] - cpu.serverSystem[0])) / seconds,
        serverPeakRssMiB: mib(sampler.peakKiB()),
        generatorCpuPercent: (100 * generatorCpuSeconds) / seconds,
        generatorKernelPercent: (100 * (cpu.generatorSystem[1] - cpu.generatorSystem[0])) / seconds,
        otherCpuPercent: Math.max(0, (100 * otherCpuSeconds) / seconds),
        disturbedRuns,
        maxSendLagMs: Math.max(...reports.map((report) => report.maxSendLagMs)),
        disk: config.disk?.window(windowStart, windowEnd),
        store: histograms.length === 2 ? storeTimings(await histograms[0], await histograms[1]) : undefined,
      };
      const problems: string[] = [];
      if (!(result.p99Ms <= config.p99LimitMs)) problems.push(`p99 ${fmt(result.p99Ms)} ms > ${config.p99LimitMs}`);
      if (result.deliveriesPerSec < config.minDeliveryRatio * offeredDeliveries) {
        problems.push(`deliveries ${Math.round((100 * result.deliveriesPerSec) / offeredDeliveries)} % of offered`);
      }
      if (result.lost > 0) problems.push(`${result.lost} lost`);
      if (result.socketsClosed > 0) problems.push(`${result.socketsClosed} sockets closed`);
      const step: StepResult = { ...result, sustained: problems.length === 0, verdict: problems.join(', ') || 'sustained' };
      steps.push(step);
      log(
        `  ${system} step ${index}${refinement ? ' (refine)' : ''}: offered ${Math.round(offeredDeliveries)} deliveries/s, got ${Math.round(step.deliveriesPerSec)}; ` +
          `p50 ${fmt(step.p50Ms)} p99 ${fmt(step.p99Ms)} max ${fmt(step.maxMs)} ms; server CPU ${Math.round(step.serverCpuPercent)} % (kernel ${Math.round(step.serverKernelPercent)} %), generator CPU ${Math.round(step.generatorCpuPercent)} % (kernel ${Math.round(step.generatorKernelPercent)} %), others ${Math.round(step.otherCpuPercent)} %, send lag ${fmt(step.maxSendLagMs)} ms; ` +
          (step.disk ? `disk fsync p99 ${fmt(step.disk.p99Ms)} max ${fmt(step.disk.maxMs)} ms, stalled ${(100 * step.disk.stallFraction).toFixed(1)} %; ` : '') +
          (step.store?.append ? `store append p99 ≤ ${fmt(step.store.append.p99Ms)} ms (mean ${fmt(step.store.append.meanMs)}, ${step.store.append.count} appends)` : '') +
          (step.store?.backgroundSync ? `, log fsync p99 ≤ ${fmt(step.store.backgroundSync.p99Ms)} ms` : '') +
          (step.store?.eventLoop ? `, event loop delay p99 ${fmt(step.store.eventLoop.p99Ms)} max ${fmt(step.store.eventLoop.maxMs)} ms` : '') +
          (step.store?.append ? '; ' : '') +
          step.verdict +
          (step.firstProblem ? ` [${step.firstProblem}]` : ''),
      );
      return step;
    };

    const fastest = Math.max(...config.steps) / (config.groups * config.members * config.members);
    if (system !== 'baseline' && system !== 'floor' && fastest > 20) {
      notes.push(`the fastest step asks ${fastest.toFixed(1)} messages/s per member: above WS_MESSAGES_PER_SECOND (20 by default) the service reads sockets no faster, so those steps measure the rate limit`);
    }
    let good: StepResult | undefined;
    let bad: StepResult | undefined;
    let kneeReason = 'the ramp ended without reaching the knee: raise the steps';
    for (const offered of config.steps) {
      if (wallNow() + stepMs > config.deadline) {
        kneeReason = 'the time budget ended the ramp before the knee';
        notes.push(kneeReason);
        break;
      }
      const step = await runStep(offered, false);
      if (step.sustained) good = step;
      else {
        bad = step;
        break;
      }
    }
    for (let round = 0; round < config.refine && good && bad; round++) {
      if (bad.socketsClosed > 0) break;
      const offered = Math.sqrt(good.offeredDeliveriesPerSec * bad.offeredDeliveriesPerSec);
      if (offered / good.offeredDeliveriesPerSec < 1.04 || wallNow() + stepMs + 1000 > config.deadline) break;
      await sleep(1000); // let an overloaded server catch up
      const step = await runStep(offered, true);
      if (step.sustained) good = step;
      else bad = step;
    }
    if (bad) kneeReason = `next step (${Math.round(bad.offeredDeliveriesPerSec)} deliveries/s offered): ${bad.verdict}`;

    return {
      name: system,
      sockets,
      memory: { points, kibPerIdleConnection, settled, kibPerAddedConnection, kibPerIdleConnectionBesidesNewSpace },
      steps,
      knee: good,
      kneeReason,
      serverPeakRssMiB: mib(memoryKiB(server.pid).hwm),
      serverCpuSecondsTotal: cpuSeconds(server.pid),
      notes,
    };
  } finally {
    sampler.stop();
    for (const generator of generators) {
      if (generator.child.connected) generator.send({ type: 'close' });
    }
    // A generator told to close exits by itself (writing its profile, if any); one that does not is stopped.
    await Promise.all(generators.map((generator) => stopProcess(generator.child, 2000, 5000)));
  }
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
