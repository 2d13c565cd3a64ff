import { performance } from 'node:perf_hooks';

/** Lap timer for the stages of one slice; a no-op when disabled so the hot path pays nothing. */
export class StageClock {
  private readonly times: number[] = [];
  private last: number;

  constructor(private readonly enabled: boolean) {
    this.last = enabled ? performance.now() : 0;
  }

  lap(): void {
    if (!this.enabled) return;
    const now = performance.now();
    this.times.push(now - this.last);
    this.last = now;
  }

  laps(): Float64Array | null {
    return this.enabled ? Float64Array.from(this.times) : null;
  }
}
