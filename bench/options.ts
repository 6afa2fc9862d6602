/**
 * The command-line options of a bench command: `--name value` or `--name=value`, a bare `--name` meaning `true`.
 * Every option the usage text names is known, and no other: a mistyped or retired one must not be ignored without a
 * word. `--help` prints the usage and exits.
 */
export function parseOptions(argv: string[], usage: string): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${usage}`);
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    if (inline !== undefined) flags.set(name, inline);
    else if (index + 1 < argv.length && !argv[index + 1].startsWith('--')) flags.set(name, argv[++index]);
    else flags.set(name, 'true');
  }
  const known = new Set([...usage.matchAll(/--([a-z0-9-]+)/g)].map(([, name]) => name));
  const unknown = [...flags.keys()].filter((name) => name !== 'help' && !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.map((name) => `--${name}`).join(', ')}\n${usage}`);
  if (flags.has('help')) {
    console.log(usage);
    process.exit(0);
  }
  return flags;
}
