/**
 * A seeded pseudo-random generator (mulberry32), so a workload with the same seed issues the same
 * statements with the same parameter values in the same order per worker. No Math.random anywhere.
 */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[['paid', 70], ['pending', 5]]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** `count` distinct integers in [min, max], ascending. */
  distinctInts(count: number, min: number, max: number): number[] {
    const picked = new Set<number>();
    const wanted = Math.min(count, max - min + 1);
    while (picked.size < wanted) picked.add(this.int(min, max));
    return [...picked].sort((a, b) => a - b);
  }

  /** A new generator derived from this seed and a label, so adding a worker does not shift the others. */
  static derive(seed: number, label: string): Prng {
    let h = seed >>> 0 ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return new Prng(h);
  }
}
