/** The summary statistics every duration figure uses. */

export interface Stats {
  n: number;
  avg: number;
  median: number;
  p90: number;
}

/** avg, median (mean of the two middles when even) and p90 (nearest rank). */
export function stats(samples: readonly number[]): Stats {
  const n = samples.length;
  if (n === 0) return { n: 0, avg: 0, median: 0, p90: 0 };
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)] ?? 0;
  return { n, avg: sum / n, median, p90 };
}

/** Samples grouped by key. */
export function pushSample(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
