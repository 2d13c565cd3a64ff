/** Scores of the accuracy benchmark and their plain-text table. */

export interface ScanScore {
  /** |measured / true - 1| × 100 per slice with >= 1000 true lung pixels. */
  readonly sliceErrorsPct: number[];
  readonly falseLungSlices: number;
  /** False-lung slices by reason (bench/accuracyScore.ts); a slice can have more than one. */
  readonly falseLungByReason: Readonly<Record<string, number>>;
  readonly nSlices: number;
  /** Signed (measured / true - 1) × 100. */
  readonly lungVolumeErrPct: number;
  readonly leftVolumeErrPct: number | null;
  readonly rightVolumeErrPct: number | null;
  readonly vesselVolumeErrPct: number;
  readonly msPerSlice: number;
}

export interface PresetSummary {
  readonly scans: number;
  readonly slicesScored: number;
  readonly sliceErrMedianPct: number;
  readonly sliceErrP95Pct: number;
  /** The largest p95 of a single scan. */
  readonly sliceErrP95WorstScanPct: number;
  readonly falseLungSlices: number;
  readonly falseLungByReason: Readonly<Record<string, number>>;
  readonly totalSlices: number;
  /** Worst |error| over the scans, signed as measured. */
  readonly lungVolumeWorstPct: number;
  readonly leftRightWorstPct: number | null;
  readonly vesselVolumeWorstPct: number;
  readonly msPerSlice: number;
}

export interface PresetRun {
  readonly name: string;
  readonly summary: PresetSummary;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function worst(values: readonly number[]): number {
  return values.reduce((w, v) => (Math.abs(v) > Math.abs(w) ? v : w), 0);
}

export function summarise(scans: readonly ScanScore[]): PresetSummary {
  const errs = scans.flatMap((s) => s.sliceErrorsPct);
  const lr = scans.flatMap((s) => [s.leftVolumeErrPct, s.rightVolumeErrPct]).filter((v): v is number => v !== null);
  return {
    scans: scans.length,
    slicesScored: errs.length,
    sliceErrMedianPct: percentile(errs, 0.5),
    sliceErrP95Pct: percentile(errs, 0.95),
    sliceErrP95WorstScanPct: Math.max(...scans.map((s) => percentile(s.sliceErrorsPct, 0.95))),
    falseLungSlices: scans.reduce((n, s) => n + s.falseLungSlices, 0),
    falseLungByReason: scans.reduce<Record<string, number>>((acc, s) => {
      for (const [k, v] of Object.entries(s.falseLungByReason)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
    totalSlices: scans.reduce((n, s) => n + s.nSlices, 0),
    lungVolumeWorstPct: worst(scans.map((s) => s.lungVolumeErrPct)),
    leftRightWorstPct: lr.length > 0 ? worst(lr) : null,
    vesselVolumeWorstPct: worst(scans.map((s) => s.vesselVolumeErrPct)),
    msPerSlice: scans.reduce((n, s) => n + s.msPerSlice, 0) / Math.max(1, scans.length),
  };
}

export function formatAccuracyTable(runs: readonly PresetRun[]): string {
  const f = (v: number | null, d = 2) => (v === null || Number.isNaN(v) ? 'n/a' : v.toFixed(d));
  const signed = (v: number | null) => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
  const header = [
    'preset', 'slice err median %', 'slice err p95 %', 'p95 worst scan %', 'false-lung slices', 'lung vol worst %', 'L/R vol worst %',
    'vessel vol worst %', 'ms/slice',
  ];
  const reasons = (r: Readonly<Record<string, number>>) => {
    const parts = Object.entries(r).map(([k, v]) => `${k} ${v}`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  };
  const rows = runs.map(({ name, summary: s }) => [
    name,
    f(s.sliceErrMedianPct),
    f(s.sliceErrP95Pct),
    f(s.sliceErrP95WorstScanPct),
    `${s.falseLungSlices} / ${s.totalSlices}${reasons(s.falseLungByReason)}`,
    signed(s.lungVolumeWorstPct),
    signed(s.leftRightWorstPct),
    signed(s.vesselVolumeWorstPct),
    f(s.msPerSlice),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const scored = runs.map((r) => `${r.name}: ${r.summary.slicesScored} slices scored over ${r.summary.scans} scans`).join('; ')
    + '. Errors are |measured / true - 1| per slice with >= 1000 true lung pixels, pooled over the scans; volume errors signed.';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line), '', scored].join('\n');
}
