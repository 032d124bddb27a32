/** Latency figures of one series of samples, in milliseconds. */
export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles. */
export function latency(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return {
    samples: sorted.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  };
}

/**
 * Times ways of doing the same thing side by side: each round runs every one of `ways` once on
 * sample `i`, first in turn (so none always finds the caches the others warmed), so that a machine
 * that drifts while they are timed weighs on all of them alike. `warmup` rounds go untimed, then up
 * to `samples` rounds are timed, stopping early once `maxSeconds` have gone by (slow operations at
 * large sizes). One latency per way, in the order given.
 */
export async function timeSideBySide(
  ways: ((i: number) => Promise<void>)[],
  options: { warmup: number; samples: number; maxSeconds: number },
): Promise<Latency[]> {
  return (await timeRounds(ways, options)).map(latency);
}

/** As `timeSideBySide`, but every timing, one series per way: the k-th of each series is from the same round. */
export async function timeRounds(
  ways: ((i: number) => Promise<void>)[],
  options: { warmup: number; samples: number; maxSeconds: number },
): Promise<number[][]> {
  const round = async (i: number, ms?: number[][]) => {
    for (let k = 0; k < ways.length; k++) {
      const w = (i + k) % ways.length;
      const started = performance.now();
      await ways[w]!(i);
      ms?.[w]!.push(performance.now() - started);
    }
  };
  for (let i = 0; i < options.warmup; i++) await round(i);
  const ms = ways.map((): number[] => []);
  const deadline = performance.now() + options.maxSeconds * ways.length * 1000;
  for (let i = 0; i < options.samples && (ms[0]!.length < 20 || performance.now() < deadline); i++) await round(options.warmup + i, ms);
  return ms;
}

/** Sum of the db hits of a profiled plan and all its children. */
export function dbHits(plan: { dbHits?: number; children?: unknown[] } | null | undefined): number {
  if (!plan) return 0;
  return (plan.dbHits ?? 0) + (plan.children ?? []).reduce<number>((sum, child) => sum + dbHits(child as typeof plan), 0);
}

export const fmt = (ms: number) => (Number.isNaN(ms) ? '–' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

interface PlanNode {
  operatorType?: string;
  dbHits?: number;
  rows?: number;
  arguments?: Record<string, unknown>;
  children?: PlanNode[];
}

/** A profiled plan as indented text: operator, rows, db hits and details, children indented below. */
export function planText(plan: PlanNode | null | undefined, depth = 0): string {
  if (!plan) return '';
  const details = String(plan.arguments?.Details ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 140);
  const line = `${'  '.repeat(depth)}${(plan.operatorType ?? '?').replace(/@neo4j$/, '')} rows=${plan.rows ?? 0} hits=${plan.dbHits ?? 0} ${details}`;
  return [line, ...(plan.children ?? []).map((c) => planText(c, depth + 1))].join('\n');
}
