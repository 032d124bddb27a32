import { count, parseArgs } from './args';
import { generateCorpus } from './corpus-generator';
import { postGraphQL } from './http-client';
import { fmt, latency, timeRounds } from './measure';
import { operations, type Operation } from './operations';

/** How many argument sets each operation cycles through, as in `npm run bench`. */
const POOL = 20;

/**
 * `npx tsx bench/compare-servers.ts --a URL --b URL --claims N [--seed S] [--ops a,b] [--samples 400]
 * [--warmup 20] [--max-seconds 60]`: two GraphQL servers over the same store (two commits, or two
 * settings), asked the benchmark's operations in turn, request by request, each going first every
 * other round, so that a machine whose speed drifts weighs on both alike. Prints each server's
 * percentiles and the median of the per-request difference, the firmer figure when the two differ
 * by less than the noise between runs. The operations' ids come from the generated corpus, so
 * `--claims` and `--seed` must be those the store was loaded with.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const a = endpoint(args.get('a'), 'a');
  const b = endpoint(args.get('b'), 'b');
  const given = args.get('claims');
  if (!given) throw new Error('--claims is required: the size of the generated corpus the store holds, such as 1m');
  const claims = count(given, 'claims');
  const seed = Number(args.get('seed') ?? '1');
  const samples = count(args.get('samples') ?? '400', 'samples');
  const warmup = Number(args.get('warmup') ?? '20');
  const maxSeconds = Number(args.get('max-seconds') ?? '60');
  const all = operations(generateCorpus({ claims, seed }).samples);
  const chosen = chosenOperations(all, args.get('ops'));

  console.log(`A ${a}\nB ${b}\n${claims} claims (seed ${seed}); up to ${samples} rounds per operation after ${warmup} untimed\n`);
  const rows = [
    '| operation | A p50 | A p95 | A p99 | B p50 | B p95 | B p99 | median of A − B | B faster in | same answers |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const op of chosen) {
    let same = 0;
    for (let k = 0; k < POOL; k++) {
      const [fromA, fromB] = [await ask(a, op, k), await ask(b, op, k)];
      if (fromA === fromB) same++;
    }
    const [timesA, timesB] = await timeRounds([(i) => ask(a, op, i).then(() => undefined), (i) => ask(b, op, i).then(() => undefined)], {
      warmup,
      samples,
      maxSeconds,
    });
    const differences = timesA!.map((t, i) => t - timesB![i]!);
    const [la, lb] = [percentiles(timesA!), percentiles(timesB!)];
    const bFaster = differences.filter((d) => d > 0).length / differences.length;
    rows.push(
      `| ${op.name} | ${la.join(' | ')} | ${lb.join(' | ')} | ${median(differences).toFixed(2)} | ` +
        `${Math.round(bFaster * 100)} % of ${differences.length} | ${same}/${POOL} |`,
    );
    console.log(rows.at(-1));
  }
  console.log(`\n${rows.join('\n')}\n\nTimes in ms, from this process's call to the whole answer read; "same answers": byte for byte.`);
}

function endpoint(value: string | undefined, name: string): string {
  if (!value) throw new Error(`--${name} is required: the URL of a GraphQL endpoint, such as http://127.0.0.1:4000/graphql`);
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || url.protocol !== 'http:') throw new Error(`--${name} "${value}" is not an http:// URL`);
  return url.href;
}

function chosenOperations(all: Operation[], names: string | undefined): Operation[] {
  if (!names) return all;
  return names.split(',').map((name) => {
    const op = all.find((o) => o.name === name.trim());
    if (!op) throw new Error(`--ops: no operation "${name}"; the operations are ${all.map((o) => o.name).join(', ')}`);
    return op;
  });
}

/** The answer's body to the i-th set of arguments; a server or GraphQL error is thrown, naming the server. */
async function ask(url: string, op: Operation, i: number): Promise<string> {
  return (await postGraphQL(url, op.query, op.variables(i % POOL))).text;
}

function percentiles(ms: number[]): string[] {
  const l = latency(ms);
  return [l.p50, l.p95, l.p99].map(fmt);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
