/** The printed table and the SVG chart of a run. */
import { fmt, StepResult, SystemResult } from './fanout';
import { StoreBenchResult } from './store-bench';

const pad = (text: string, width: number) => (text.length >= width ? text : ' '.repeat(width - text.length) + text);
const padEnd = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const thousands = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-');

export function fanoutTable(systems: SystemResult[]): string {
  const header = ['system', 'step', 'msgs/s', 'offered dlv/s', 'deliveries/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'lost', 'dup', 'reord', 'srv CPU s', 'srv CPU %', 'srv µs/dlv', 'srv RSS MiB', 'gen CPU %', 'other CPU %', 'disk p99 ms', 'stall %', 'store p99 ms', ''];
  const rows: string[][] = [];
  for (const system of systems) {
    for (const step of system.steps) {
      rows.push([
        system.name,
        `${step.index}${step.refinement ? 'r' : ''}${step.confirmationOf !== undefined ? 'c' : ''}`,
        thousands(step.offeredMsgsPerSec),
        thousands(step.offeredDeliveriesPerSec),
        thousands(step.deliveriesPerSec),
        fmt(step.p50Ms),
        fmt(step.p95Ms),
        fmt(step.p99Ms),
        fmt(step.maxMs),
        `${step.lost}`,
        `${step.duplicated}`,
        `${step.reordered}`,
        step.serverCpuSeconds.toFixed(2),
        `${Math.round(step.serverCpuPercent)}`,
        step.serverMicrosPerDelivery.toFixed(1),
        step.serverPeakRssMiB.toFixed(0),
        `${Math.round(step.generatorCpuPercent)}`,
        `${Math.round(step.otherCpuPercent)}${step.disturbedRuns ? ` (${step.disturbedRuns} rerun)` : ''}`,
        step.disk ? fmt(step.disk.p99Ms) : '-',
        step.disk ? (100 * step.disk.stallFraction).toFixed(1) : '-',
        step.store?.append ? `≤ ${fmt(step.store.append.p99Ms)}` : '-',
        step === system.knee ? '<- knee' : step.sustained ? '' : step.verdict,
      ]);
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 || column === row.length - 1 ? padEnd(cell, widths[column]) : pad(cell, widths[column]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function storeTable(result: StoreBenchResult): string {
  const lines = result.cases.map(
    (entry) =>
      `${padEnd(entry.store, 25)}  ${padEnd(entry.name, 42)}  ${pad(thousands(entry.perSecond), 8)}/s  p50 ${pad(fmt(entry.p50Ms), 6)} ms  p99 ${pad(fmt(entry.p99Ms), 6)} ms`,
  );
  return [...lines, ...result.notes].join('\n');
}

export const COLORS: Record<string, string> = { baseline: '#7f7f7f', ours: '#1f6fd1', 'ours-synced': '#d1701f', 'ours-v2': '#2ca02c', floor: '#b0b0b0' };
const DASHES: Record<string, string> = { p50: '2,4', p95: '7,4', p99: '' };

/** Latency percentiles (log scale) against measured deliveries/s, one colour per system, the 50 ms limit dashed. */
export function chartSvg(systems: SystemResult[], title: string, limitMs: number): string {
  const width = 960;
  const height = 560;
  const left = 80;
  const right = 190;
  const top = 50;
  const bottom = 60;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const steps = systems.flatMap((system) => system.steps);
  const xMax = niceCeil(Math.max(1, ...steps.map((step) => step.deliveriesPerSec)) * 1.05);
  const latencies = steps.flatMap((step) => [step.p50Ms, step.p95Ms, step.p99Ms]).filter(Number.isFinite);
  const yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.01, Math.min(1, ...latencies)))));
  const yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(limitMs * 2, ...latencies))));
  const x = (value: number) => left + (value / xMax) * plotWidth;
  const y = (value: number) =>
    top + plotHeight - ((Math.log10(Math.min(Math.max(value, yMin), yMax)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotHeight;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escape(title)}</text>`);
  for (let tick = 0; tick <= 5; tick++) {
    const value = (xMax * tick) / 5;
    parts.push(`<line x1="${x(value)}" y1="${top}" x2="${x(value)}" y2="${top + plotHeight}" stroke="#eee"/>`);
    parts.push(`<text x="${x(value)}" y="${top + plotHeight + 18}" text-anchor="middle">${thousands(value)}</text>`);
  }
  for (let decade = yMin; decade <= yMax * 1.0001; decade *= 10) {
    parts.push(`<line x1="${left}" y1="${y(decade)}" x2="${left + plotWidth}" y2="${y(decade)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 8}" y="${y(decade) + 4}" text-anchor="end">${decade >= 1 ? decade.toFixed(0) : decade.toPrecision(1)}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${left + plotWidth / 2}" y="${height - 18}" text-anchor="middle">deliveries per second (measured)</text>`);
  parts.push(`<text x="20" y="${top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 20 ${top + plotHeight / 2})">end-to-end latency, ms (log scale)</text>`);
  parts.push(`<line x1="${left}" y1="${y(limitMs)}" x2="${left + plotWidth}" y2="${y(limitMs)}" stroke="#d62728" stroke-dasharray="6,4"/>`);
  parts.push(`<text x="${left + plotWidth - 4}" y="${y(limitMs) - 5}" text-anchor="end" fill="#d62728">${limitMs} ms</text>`);
  let legendY = top + 10;
  for (const system of systems) {
    const color = COLORS[system.name] ?? '#000';
    const ordered = system.steps.filter((step) => !step.superseded).sort((a, b) => a.offeredDeliveriesPerSec - b.offeredDeliveriesPerSec);
    for (const percentile of ['p50', 'p95', 'p99'] as const) {
      const pick = (step: StepResult) => (percentile === 'p50' ? step.p50Ms : percentile === 'p95' ? step.p95Ms : step.p99Ms);
      const points = ordered.filter((step) => Number.isFinite(pick(step))).map((step) => `${x(step.deliveriesPerSec).toFixed(1)},${y(pick(step)).toFixed(1)}`);
      if (points.length > 0) {
        parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${DASHES[percentile]}"/>`);
        for (const point of points) {
          const [px, py] = point.split(',');
          parts.push(`<circle cx="${px}" cy="${py}" r="2.5" fill="${color}"/>`);
        }
      }
      parts.push(`<line x1="${left + plotWidth + 15}" y1="${legendY}" x2="${left + plotWidth + 50}" y2="${legendY}" stroke="${color}" stroke-width="2" stroke-dasharray="${DASHES[percentile]}"/>`);
      parts.push(`<text x="${left + plotWidth + 56}" y="${legendY + 4}">${system.name} ${percentile}</text>`);
      legendY += 20;
    }
    if (system.knee) {
      parts.push(`<line x1="${x(system.knee.deliveriesPerSec)}" y1="${top}" x2="${x(system.knee.deliveriesPerSec)}" y2="${top + plotHeight}" stroke="${color}" stroke-dasharray="1,3"/>`);
      parts.push(`<text x="${left + plotWidth + 15}" y="${legendY + 4}" fill="${color}">${system.name} knee: ${thousands(system.knee.deliveriesPerSec)}/s</text>`);
      legendY += 20;
    }
    legendY += 10;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function niceCeil(value: number): number {
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * magnitude >= value) return factor * magnitude;
  return 10 * magnitude;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
