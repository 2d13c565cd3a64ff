/**
 * Collects per-stage milliseconds of every slice (for the benchmark's p50/p95): the worker's stages by position
 * (TIMED_STAGES), and named main-thread steps (`read` per slice, `assemble` per scan, …) by name.
 */
export class StageTimings {
  readonly samples: number[][] = [];
  readonly named = new Map<string, number[]>();

  add(stageMs: Float64Array): void {
    for (let i = 0; i < stageMs.length; i++) (this.samples[i] ??= []).push(stageMs[i]);
  }

  /** One sample of a main-thread step. */
  addNamed(name: string, ms: number): void {
    let list = this.named.get(name);
    if (!list) this.named.set(name, (list = []));
    list.push(ms);
  }

  percentile(stage: number, p: number): number {
    return percentileOf(this.samples[stage] ?? [], p);
  }

  namedPercentile(name: string, p: number): number {
    return percentileOf(this.named.get(name) ?? [], p);
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentileOf(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
