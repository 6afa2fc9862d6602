/**
 * npm run bench:shapes [-- --shapes a,b --rounds N --systems LIST --out DIR]: the fan-out benchmark (run.ts) on
 * the shapes real groups have, one run.ts per shape, each with its own interleaved (ABBA) rounds of every system,
 * then one table, chart and JSON of them all. The disk's fsync latency is measured beside every step (disk-probe.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiskWindow, STALL_MS } from './disk-probe';
import { fmt, memoryLabel, StepResult, SystemResult } from './fanout';
import { PROJECT_ROOT } from './processes';
import { parseOptions } from './options';
import { CpuRatio } from './cpu-ratio';
import { COLORS } from './report';

interface Shape {
  readonly name: string;
  readonly what: string;
  readonly groups: number;
  readonly members: number;
  /** Offered deliveries/s of the ramp: from well below the baseline's knee to well above it. */
  readonly steps: number[];
}

const ramp = (from: number, count: number) => Array.from({ length: count }, (_, k) => Math.round(from * Math.pow(1.25, k)));

const SHAPES: Shape[] = [
  { name: 'families', what: '250 groups of 4 (position-pal: a family sharing its location)', groups: 250, members: 4, steps: ramp(8000, 13) },
  { name: 'medium', what: '10 groups of 50, every member talking', groups: 10, members: 50, steps: ramp(12500, 16) },
  { name: 'default', what: '20 groups of 100 (the benchmark\'s own shape)', groups: 20, members: 100, steps: ramp(25000, 10) },
  { name: 'large', what: 'one group of 1,000', groups: 1, members: 1000, steps: ramp(10000, 14) },
];

const USAGE = `usage: node dist-bench/bench/shapes.js [--shapes ${SHAPES.map((shape) => shape.name).join(',')}] [--rounds 2]
  [--systems baseline,ours,ours-synced,ours-v2[,floor]] [--out bench-results/shapes] [--per-shape-limit-s 2100]`;

interface RunJson {
  readonly config: { readonly rounds: number; readonly p99LimitMs: number; readonly pin: boolean };
  readonly machine: Record<string, unknown>;
  readonly disk?: DiskWindow & { readonly seconds: number };
  readonly systems: (SystemResult & { round: number })[];
  readonly ratios: Record<string, { rounds: { round: number; ratio?: number; cpu?: CpuRatio }[]; median?: number; cpuMedian?: number }>;
}

/** A synced step the disk barely disturbed (under 1 % stalled) that broke p99 at a load the default mode sustained in that round. */
function strictViolations(run: RunJson): { round: number; step: StepResult }[] {
  return run.systems
    .filter((system) => system.name === 'ours-synced')
    .flatMap((system) => {
      const written = run.systems.find((other) => other.name === 'ours' && other.round === system.round);
      const limit = written?.knee?.offeredDeliveriesPerSec ?? Infinity;
      return system.steps
        .filter((step) => !step.superseded && step.disk && step.disk.stallFraction < 0.01)
        .filter((step) => step.offeredDeliveriesPerSec <= limit && !(step.p99Ms <= run.config.p99LimitMs))
        .map((step) => ({ round: system.round, step }));
    });
}

function belowKneeProblems(run: RunJson): number {
  return run.systems.reduce(
    (sum, system) =>
      sum +
      system.steps
        .filter((step) => system.knee && step.offeredDeliveriesPerSec <= system.knee.offeredDeliveriesPerSec && !step.superseded)
        .reduce((total, step) => total + step.lost + step.duplicated + step.reordered, 0),
    0,
  );
}

function chart(rows: { shape: string; ratios: Record<string, number | undefined> }[], systems: string[]): string {
  const width = 760;
  const height = 360;
  const left = 60;
  const top = 40;
  const plotHeight = 240;
  const groupWidth = (width - left - 20) / rows.length;
  const barWidth = (groupWidth - 30) / systems.length;
  const max = Math.max(2, ...rows.flatMap((row) => Object.values(row.ratios).filter((value): value is number => value !== undefined)));
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14">Sustained deliveries/s at p99 ≤ 50 ms, ours / Socket.IO baseline (median of rounds)</text>`,
  ];
  for (const level of [0, 0.5, 1, 1.5, 2].filter((value) => value <= max)) {
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(level)}" y2="${y(level)}" stroke="${level === 1 ? '#000' : '#ddd'}" ${level === 1.5 ? 'stroke-dasharray="4,3"' : ''}/>`);
    parts.push(`<text x="${left - 8}" y="${y(level) + 4}" text-anchor="end">${level.toFixed(1)}</text>`);
  }
  rows.forEach((row, index) => {
    const x0 = left + index * groupWidth + 15;
    systems.forEach((system, position) => {
      const value = row.ratios[system];
      if (value === undefined) return;
      const x = x0 + position * barWidth;
      parts.push(`<rect x="${x}" y="${y(value)}" width="${barWidth - 4}" height="${y(0) - y(value)}" fill="${COLORS[system] ?? '#444'}"/>`);
      parts.push(`<text x="${x + (barWidth - 4) / 2}" y="${y(value) - 4}" text-anchor="middle" font-size="10">${value.toFixed(2)}</text>`);
    });
    parts.push(`<text x="${x0 + (groupWidth - 30) / 2}" y="${top + plotHeight + 18}" text-anchor="middle">${row.shape}</text>`);
  });
  systems.forEach((system, position) => {
    parts.push(`<rect x="${left + position * 140}" y="${height - 30}" width="12" height="12" fill="${COLORS[system] ?? '#444'}"/>`);
    parts.push(`<text x="${left + position * 140 + 18}" y="${height - 20}">${system}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function main(): number {
  const argv = process.argv.slice(2);
  const flags = parseOptions(argv, USAGE);
  const option = (name: string) => flags.get(name);
  const chosen = (option('shapes') ?? SHAPES.map((shape) => shape.name).join(',')).split(',');
  const shapes = chosen.map((name) => {
    const shape = SHAPES.find((candidate) => candidate.name === name);
    if (!shape) throw new Error(`unknown shape ${name}\n${USAGE}`);
    return shape;
  });
  const rounds = option('rounds') ?? '2';
  const systems = option('systems') ?? 'baseline,ours,ours-synced,ours-v2';
  const out = option('out') ?? join(PROJECT_ROOT, 'bench-results', 'shapes');
  const limit = option('per-shape-limit-s') ?? '2100';
  mkdirSync(out, { recursive: true });
  const startedAt = new Date().toISOString();
  const results: { shape: Shape; command: string; run: RunJson }[] = [];
  for (const shape of shapes) {
    const args = [
      join(__dirname, 'run.js'),
      '--groups', `${shape.groups}`, '--members', `${shape.members}`, '--steps', shape.steps.join(','),
      '--systems', systems, '--rounds', rounds, '--skip-store', '--refine', '1', '--confirm', '1', '--drain-ms', '2000',
      '--out', join(out, shape.name), '--time-limit-s', limit,
    ];
    const command = `node ${args.map((arg) => arg.replace(PROJECT_ROOT + '/', '')).join(' ')}`;
    console.log(`\n=== ${shape.name}: ${shape.what}\n$ ${command}`);
    const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`the ${shape.name} run failed (exit ${run.status ?? run.signal})`);
    results.push({ shape, command, run: JSON.parse(readFileSync(join(out, shape.name, 'bench-latest.json'), 'utf8')) as RunJson });
  }

  const others = systems.split(',').filter((system) => system !== 'baseline');
  const lines = [
    `# Fan-out across shapes, ${startedAt}`,
    '',
    `Command: \`node dist-bench/bench/shapes.js ${argv.join(' ')}\`; ${rounds} interleaved rounds per shape; ratio = sustained deliveries/s at p99 ≤ 50 ms, ours / Socket.IO baseline, median of the rounds (round by round in brackets).`,
    '',
    `| shape | baseline knee (dlv/s) | ${others.map((system) => `${system} / baseline`).join(' | ')} | disk fsync p50 / p99 / max ms | disk stalled | lost+dup+reord below knees |`,
    `|---|---|${others.map(() => '---').join('|')}|---|---|---|`,
  ];
  const rows: { shape: string; ratios: Record<string, number | undefined> }[] = [];
  for (const { shape, run } of results) {
    const baselineKnees = run.systems.filter((system) => system.name === 'baseline').map((system) => Math.round(system.knee?.deliveriesPerSec ?? 0).toLocaleString('en-US'));
    const cells = others.map((system) => {
      const entry = run.ratios[system];
      const each = entry?.rounds.map((round) => (round.ratio === undefined ? '-' : round.ratio.toFixed(2))).join(', ');
      return `${entry?.median === undefined ? '-' : entry.median.toFixed(2)} (${each})`;
    });
    const disk = run.disk;
    lines.push(
      `| ${shape.name}: ${shape.groups} × ${shape.members} | ${baselineKnees.join(', ')} | ${cells.join(' | ')} | ` +
        `${disk ? `${fmt(disk.p50Ms)} / ${fmt(disk.p99Ms)} / ${fmt(disk.maxMs)}` : '-'} | ${disk ? `${(100 * disk.stallFraction).toFixed(2)} % (${disk.stalls} over ${STALL_MS} ms)` : '-'} | ${belowKneeProblems(run)} |`,
    );
    rows.push({ shape: shape.name, ratios: Object.fromEntries(others.map((system) => [system, run.ratios[system]?.median])) });
  }
  lines.push(
    '',
    '## CPU per delivery at the same load',
    '',
    "The baseline's server CPU per delivery over each system's, at the highest offered load both sustained in a round (bench/cpu-ratio.ts); median of the rounds, round by round in brackets (the load compared after @). Above 1: less CPU per delivery than Socket.IO. Steadier than the ratio of knees on a machine whose speed moves.",
    '',
    `| shape | ${others.join(' | ')} |`,
    `|---|${others.map(() => '---').join('|')}|`,
  );
  for (const { shape, run } of results) {
    const cells = others.map((system) => {
      const entry = run.ratios[system];
      const each = entry?.rounds.map((round) => (round.cpu ? `${round.cpu.ratio.toFixed(2)} @ ${Math.round(round.cpu.offeredDeliveriesPerSec).toLocaleString('en-US')}` : '-')).join(', ');
      return `${entry?.cpuMedian === undefined ? '-' : entry.cpuMedian.toFixed(2)} (${each})`;
    });
    lines.push(`| ${shape.name} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    '## Memory per idle connection',
    '',
    'RSS growth from no socket to all of them, per socket, KiB; round 1 between points where the service was left to settle (settled: its young generation given back; after the wait: the baseline, which does not say; NOT settled: still grown when the wait ended), later rounds 1 s after the last socket opened.',
    '',
    `| shape | sockets | ${systems.split(',').join(' | ')} |`,
    `|---|---|${systems.split(',').map(() => '---').join('|')}|`,
  );
  for (const { shape, run } of results) {
    const cells = systems.split(',').map((name) =>
      run.systems
        .filter((system) => system.name === name)
        .map((system) => `${system.memory.kibPerIdleConnection.toFixed(1)} (${memoryLabel(system.memory.settled)})`)
        .join(', '),
    );
    lines.push(`| ${shape.name} | ${shape.groups * shape.members} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Strict mode (ours-synced) against the disk', '');
  for (const { shape, run } of results) {
    const violations = strictViolations(run);
    const synced = run.systems.filter((system) => system.name === 'ours-synced').flatMap((system) => system.steps.filter((step) => !step.superseded));
    const calm = synced.filter((step) => step.disk && step.disk.stallFraction < 0.01).length;
    lines.push(
      `- ${shape.name}: ${synced.length} steps, ${calm} with the disk stalled under 1 %; ` +
        (violations.length === 0
          ? 'every one of those at or below the default mode\'s knee held p99 ≤ 50 ms'
          : `${violations.length} of those at or below the default mode's knee broke p99: ${violations.map(({ round, step }) => `round ${round}, ${Math.round(step.offeredDeliveriesPerSec)} dlv/s p99 ${fmt(step.p99Ms)} ms (stalled ${(100 * step.disk!.stallFraction).toFixed(2)} %${step.store?.append ? `, store append p99 ≤ ${fmt(step.store.append.p99Ms)} ms` : ''})`).join('; ')}`),
    );
  }
  lines.push('', '## Commands', '', ...results.map(({ shape, command }) => `- ${shape.name}: \`${command}\``));
  const stamp = startedAt.replace(/[:.]/g, '-');
  const table = lines.join('\n');
  writeFileSync(join(out, `shapes-${stamp}.md`), table + '\n');
  writeFileSync(join(out, `shapes-${stamp}.svg`), chart(rows, others));
  writeFileSync(
    join(out, `shapes-${stamp}.json`),
    JSON.stringify({ startedAt, argv, shapes: results.map(({ shape, command, run }) => ({ shape, command, run })) }, null, 2),
  );
  console.log(`\n${table}\n\nresults: ${join(out, `shapes-${stamp}.{md,svg,json}`)}`);
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  console.error(`bench:shapes failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
