/** A small seeded pseudo-random generator (mulberry32): the same seed gives the same corpus on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** One of the items, each with its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let at = this.next() * total;
    for (const [item, weight] of choices) {
      at -= weight;
      if (at < 0) return item;
    }
    return choices[choices.length - 1]![0];
  }
}

/**
 * Draws indexes in [0, n) with a Zipf-like skew (index 0 the most frequent), by inverting the
 * continuous power-law distribution: constant time per draw at any n.
 */
export class Zipf {
  private readonly a: number;

  constructor(
    private readonly n: number,
    private readonly exponent: number,
  ) {
    this.a = exponent === 1 ? Math.log(n + 1) : (Math.pow(n + 1, 1 - exponent) - 1) / (1 - exponent);
  }

  draw(random: Random): number {
    const u = random.next() * this.a;
    const x = this.exponent === 1 ? Math.exp(u) : Math.pow(u * (1 - this.exponent) + 1, 1 / (1 - this.exponent));
    return Math.min(this.n - 1, Math.max(0, Math.floor(x) - 1));
  }
}
