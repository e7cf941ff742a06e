/** Figures the benchmarks print: median and p95 of a set of samples, in milliseconds. */
export function summarize(samples: readonly number[]): {
  n: number;
  median: number;
  p95: number;
  max: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? Number.NaN;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

/** Prints one figure's line; returns its statistics for the bench's summary figures. */
export function report(
  label: string,
  samples: readonly number[],
  unit = 'ms',
): ReturnType<typeof summarize> {
  const summary = summarize(samples);
  const { n, median, p95, max } = summary;
  const f = (value: number) => value.toFixed(2).padStart(9);
  console.log(
    `${label.padEnd(58)} n=${String(n).padStart(6)}  median ${f(median)} ${unit}  p95 ${f(p95)} ${unit}  max ${f(max)} ${unit}`,
  );
  return summary;
}

/** What a bench hands to run.ts for the `# summary` block: figure name → number. */
export type Summary = Record<string, number>;

export function line(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}
