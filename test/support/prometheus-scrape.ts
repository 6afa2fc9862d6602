/** A scrape of `GET /metrics`: sample values by name and labels, parsed from the Prometheus text format. */
export class Scrape {
  private constructor(private readonly samples: Map<string, number>) {}

  static async of(httpUrl: string): Promise<Scrape> {
    const response = await fetch(`${httpUrl}/metrics`);
    if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
    const samples = new Map<string, number>();
    for (const line of (await response.text()).split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
      if (match) samples.set(key(match[1], parseLabels(match[2] ?? '')), Number(match[3]));
    }
    return new Scrape(samples);
  }

  /** A sample's value; 0 for a counter that has not been touched yet (prom-client omits labelled ones). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples.get(key(name, labels)) ?? 0;
  }

  has(name: string): boolean {
    return [...this.samples.keys()].some((sample) => sample === name || sample.startsWith(`${name}{`));
  }

  /** How much a sample grew since an earlier scrape. */
  since(earlier: Scrape, name: string, labels: Record<string, string> = {}): number {
    return this.value(name, labels) - earlier.value(name, labels);
  }
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[name] = value;
  return labels;
}

function key(name: string, labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((label) => `${label}=${labels[label]}`);
  return sorted.length ? `${name}{${sorted.join(',')}}` : name;
}
