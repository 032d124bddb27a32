/** `--name value` and `--name=value` options; `--flag` alone is "true". */
export function parseArgs(argv: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}": options look like --name value`);
    const eq = arg.indexOf('=');
    if (eq > 0) options.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) options.set(arg.slice(2), argv[++i]!);
    else options.set(arg.slice(2), 'true');
  }
  return options;
}

/** A positive whole number, allowing "100k" and "1m". */
export function count(value: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.trim());
  if (!match) throw new Error(`--${name} must be a number such as 10000, 100k or 1m, got "${value}"`);
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(match[1]) * scale);
}

/** How a corpus is loaded: the offline import into a new store, or the bulk loader's transactions. */
export type Loader = 'cypher' | 'import';

export function loaderOf(value: string): Loader {
  if (value === 'cypher' || value === 'import') return value;
  throw new Error(`--loader ${value}: expected "import" (the offline import) or "cypher" (the bulk loader's transactions)`);
}
