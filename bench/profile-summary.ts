/** The top self-time entries of a V8 .cpuprofile (as written by node --cpu-prof). */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PROJECT_ROOT } from './processes';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

export interface ProfileEntry {
  readonly selfPercent: number;
  readonly selfMs: number;
  readonly name: string;
}

export function summarizeProfile(path: string, top = 25): { totalMs: number; functions: ProfileEntry[]; byPackage: ProfileEntry[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    const where = frame.url.replace(/^file:\/\//, '');
    const file = where.startsWith('/') ? relative(PROJECT_ROOT, where) : where;
    const name = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith('dist/') ? file.split('/').slice(0, 2).join('/') : file.startsWith('node:') ? 'node internals' : frame.functionName || '(native)');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
  });
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, selfMs: micros / 1000, selfPercent: (100 * micros) / total }));
  return { totalMs: total / 1000, functions: ranked(byFunction), byPackage: ranked(byPackage) };
}
