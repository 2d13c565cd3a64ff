/** A measure's spread over the cohort's done scans, and which scans lie far outside it. */
export interface Distribution {
  readonly n: number;
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  /** Values below `low` or above `high` are outliers (Tukey's fences: 1.5 × IQR beyond the quartiles). */
  readonly low: number;
  readonly high: number;
  readonly bins: readonly HistogramBin[];
}

export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Some value in the bin is an outlier. */
  readonly outlier: boolean;
}

export const FENCE_IQR = 1.5;

/** null when there are no finite values. */
export function describeDistribution(values: readonly number[], nBins = 24): Distribution | null {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const q = (p: number) => quantile(v, p);
  const q1 = q(0.25), q3 = q(0.75);
  const iqr = q3 - q1;
  const low = q1 - FENCE_IQR * iqr, high = q3 + FENCE_IQR * iqr;
  const min = v[0], max = v[v.length - 1];
  const width = max > min ? (max - min) / nBins : 1;
  const count = max > min ? nBins : 1;
  const bins = Array.from({ length: count }, (_, i) => ({ from: min + i * width, to: min + (i + 1) * width, count: 0, outlier: false }));
  for (const x of v) {
    const b = bins[Math.min(count - 1, Math.floor((x - min) / width))];
    b.count++;
    if (isOutlierValue(x, low, high)) b.outlier = true;
  }
  return { n: v.length, min, q1, median: q(0.5), q3, max, low, high, bins };
}

export function isOutlierValue(x: number, low: number, high: number): boolean {
  return x < low || x > high;
}

/** Linear interpolation between order statistics (numpy's default), of sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
