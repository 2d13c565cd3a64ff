/** Collects per-stage milliseconds of every slice (for the benchmark's p50/p95). */
export class StageTimings {
  readonly samples: number[][] = [];

  add(stageMs: Float64Array): void {
    for (let i = 0; i < stageMs.length; i++) (this.samples[i] ??= []).push(stageMs[i]);
  }

  percentile(stage: number, p: number): number {
    const sorted = [...(this.samples[stage] ?? [])].sort((a, b) => a - b);
    if (sorted.length === 0) return NaN;
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }
}
