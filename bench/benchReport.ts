/** The benchmark's result as JSON (bench/results/<timestamp>.json) and as the table printed at the end of a run. */
import { percentileOf, type StageTimings } from '../src/pipeline/stageTimings.js';
import type { GunzipFloor } from './gunzipFloor.js';
import type { CohortTiming } from './cohortTiming.js';
import type { PeakRss } from './peakRss.js';

export interface StageRow {
  readonly stage: string;
  /** 'worker' (the slice chain), 'reader' (whichever thread reads the scan), 'main' (the scan's assembly). */
  readonly where: string;
  readonly unit: 'ms/slice' | 'ms/scan';
  /** By worker count of the cohort run the samples come from. */
  readonly byWorkers: Record<string, { p50: number; p95: number; n: number }>;
}

export interface CohortRow {
  readonly workers: number;
  readonly maxScans: number;
  readonly wallMs: number;
  /** Process CPU (all threads) per scan. */
  readonly cpuMsPerScan: number;
  readonly ratioToFloor: number;
  readonly scansPerHour: number;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly command: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string; readonly load1: readonly number[] };
  readonly code: string;
  readonly preset: string;
  readonly scan: { readonly shape: readonly number[]; readonly spacingMm: readonly number[]; readonly datatype: string; readonly orientation: string; readonly gzBytes: number; readonly slices: number };
  readonly scans: number;
  readonly gunzip: GunzipFloor & { readonly perScanMs: number };
  readonly cohorts: readonly CohortRow[];
  readonly stages: readonly StageRow[];
  readonly peakRss: readonly PeakRss[];
}

export function cohortRow(t: CohortTiming, floorMs: number, scans: number): CohortRow {
  return {
    workers: t.workers,
    maxScans: t.maxScans,
    wallMs: t.wallMs,
    cpuMsPerScan: t.cpuMs / scans,
    ratioToFloor: t.wallMs / floorMs,
    scansPerHour: (scans / t.wallMs) * 3_600_000,
  };
}

/** p50/p95 per stage: each worker stage, the whole worker chain, the reader's wait per slice, the assembly. */
export function stageRows(workerStages: readonly string[], runs: readonly CohortTiming[], slicesPerScan: number): StageRow[] {
  const rows: StageRow[] = [];
  const collect = (stage: string, where: string, unit: StageRow['unit'], pick: (t: StageTimings) => number[]) => {
    const byWorkers: StageRow['byWorkers'] = {};
    for (const run of runs) {
      if (!run.timings) continue;
      const s = pick(run.timings);
      byWorkers[String(run.workers)] = { p50: percentileOf(s, 50), p95: percentileOf(s, 95), n: s.length };
    }
    rows.push({ stage, where, unit, byWorkers });
  };
  workerStages.forEach((name, i) => collect(name, 'worker', 'ms/slice', (t) => t.samples[i] ?? []));
  if (workerStages.length > 1) {
    collect('chain (all worker stages)', 'worker', 'ms/slice', (t) => {
      const n = t.samples[0]?.length ?? 0;
      const sum: number[] = new Array(n).fill(0);
      for (const s of t.samples) for (let j = 0; j < n; j++) sum[j] += s[j];
      return sum;
    });
  }
  collect('read (inflate + decode)', 'worker', 'ms/slice', (t) => t.named.get('read') ?? []);
  collect('assemble', 'worker', 'ms/scan', (t) => t.named.get('assemble') ?? []);
  collect('assemble / slice', 'worker', 'ms/slice', (t) => (t.named.get('assemble') ?? []).map((ms) => ms / slicesPerScan));
  // Parts of `assemble` (default preset): what the biomarkers' scan-level steps add to each scan.
  collect('  of which vessel size (local thickness)', 'worker', 'ms/scan', (t) => t.named.get('vesselSize') ?? []);
  collect('  of which zones, densities, region rows', 'worker', 'ms/scan', (t) => t.named.get('regions') ?? []);
  collect('first slice read', 'worker', 'ms/scan', (t) => t.named.get('firstSliceMs') ?? []);
  collect('last slice read', 'worker', 'ms/scan', (t) => t.named.get('lastSliceMs') ?? []);
  return rows;
}

const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  out.push(`lungflow bench  ${r.startedAt}  node ${r.machine.node}  ${r.machine.cpus} cpus (${r.machine.cpuModel})  load ${r.machine.load1.map((l) => l.toFixed(1)).join(' -> ')}`);
  out.push(`command: ${r.command}   code: ${r.code}`);
  out.push(`${r.scans} scans ${r.scan.shape.join('x')} ${r.scan.datatype} ${r.scan.orientation}, ${(r.scan.gzBytes / r.scans / 1e6).toFixed(1)} MB .nii.gz each, preset '${r.preset}'`);
  out.push('');
  out.push(table(
    ['gunzip (serial, 1 core, Node zlib)', 'total s', 's/scan'],
    r.gunzip.passes.map((p) => [p.method + (p === r.gunzip.floor ? '  <- floor' : ''), f(p.ms / 1000), f(p.ms / 1000 / r.scans, 3)]),
  ));
  out.push('');
  out.push(table(
    ['cohort (runCohort, fresh db)', 'wall s', 's/scan', 'x floor', 'scans/hour', 'CPU s/scan'],
    r.cohorts.map((c) => [
      `--workers ${c.workers} --max-scans ${c.maxScans}`,
      f(c.wallMs / 1000),
      f(c.wallMs / 1000 / r.scans, 3),
      f(c.ratioToFloor),
      f(c.scansPerHour, 0),
      f(c.cpuMsPerScan / 1000, 3),
    ]),
  ));
  out.push('');
  const ws = r.cohorts.map((c) => String(c.workers));
  out.push(table(
    ['stage', 'where', 'unit', ...ws.flatMap((w) => [`w${w} p50`, `w${w} p95`])],
    r.stages.map((s) => [s.stage, s.where, s.unit, ...ws.flatMap((w) => [f(s.byWorkers[w]?.p50 ?? NaN), f(s.byWorkers[w]?.p95 ?? NaN)])]),
  ));
  if (r.peakRss.length > 0) {
    out.push('');
    out.push(table(
      ['peak RSS (child process per cohort)', 'wall s', 'maxRSS MB'],
      r.peakRss.map((p) => [`${p.scans} scan${p.scans === 1 ? '' : 's'}`, f(p.wallMs / 1000), f(p.maxRssMb, 0)]),
    ));
  }
  return out.join('\n');
}
