/**
 * node dist-bench/bench/profile-stalls.js FILE.cpuprofile [minMs]: the longest stretches during which the main thread
 * never went idle, with the functions that took their time: where a latency spike comes from.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

const [file, minimum = '30'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const name = (id: number) => {
  const frame = nodes.get(id)!.callFrame;
  return `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${frame.lineNumber + 1}`;
};
const stack = (id: number) => {
  const names: string[] = [];
  for (let at: number | undefined = id; at !== undefined && names.length < 6; at = parents.get(at)) names.push(name(at));
  return names.join(' < ');
};

let time = 0;
let start = -1;
let stretch: number[] = [];
const stretches: { start: number; ms: number; ids: number[] }[] = [];
profile.samples.forEach((id, index) => {
  time += profile.timeDeltas[index] ?? 0;
  const idle = nodes.get(id)!.callFrame.functionName === '(idle)';
  if (!idle) {
    if (start < 0) start = time;
    stretch.push(id);
  } else if (start >= 0) {
    stretches.push({ start, ms: (time - start) / 1000, ids: stretch });
    start = -1;
    stretch = [];
  }
});
for (const busy of stretches.filter((entry) => entry.ms >= Number(minimum)).sort((a, b) => b.ms - a.ms).slice(0, 8)) {
  const counts = new Map<string, number>();
  for (const id of busy.ids) counts.set(stack(id), (counts.get(stack(id)) ?? 0) + 1);
  console.log(`busy ${busy.ms.toFixed(0)} ms at ${(busy.start / 1e6).toFixed(2)} s:`);
  for (const [where, count] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4)) {
    console.log(`  ${((100 * count) / busy.ids.length).toFixed(0).padStart(3)} %  ${where}`);
  }
}
