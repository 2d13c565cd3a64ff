/** The benchmark's arithmetic and table, on made-up timings (the benchmark itself is not run in CI). */
import { describe, expect, it } from 'vitest';
import { cohortRow, formatReport, stageRows, type BenchReport } from '../../bench/benchReport.js';
import type { CohortTiming } from '../../bench/cohortTiming.js';
import { StageTimings, percentileOf } from '../../src/pipeline/stageTimings.js';

function timing(workers: number, wallMs: number, anatomyMs: number[]): CohortTiming {
  const t = new StageTimings();
  for (const ms of anatomyMs) t.add(Float64Array.of(ms));
  for (const ms of [0.1, 0.2, 0.3]) t.addNamed('read', ms);
  t.addNamed('assemble', 30);
  t.addNamed('firstSliceMs', 12);
  t.addNamed('lastSliceMs', 500);
  const summary = { runId: 'r', configHash: 'h', done: 2, failed: 0, skippedDone: 0, skippedFailed: 0, notRun: 0, notScans: 0, emptyInputs: [], interrupted: false };
  return { workers, maxScans: 2, wallMs, cpuMs: 2 * wallMs, summary, timings: t };
}

describe('bench report', () => {
  it('nearest-rank percentiles', () => {
    expect(percentileOf([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentileOf([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentileOf([], 50)).toBeNaN();
  });

  it('ratio to the floor, scans per hour, CPU per scan, per-stage rows and the printed table', () => {
    const runs = [timing(1, 4000, [1, 2, 3, 4]), timing(2, 3000, [1, 1, 2, 9])];
    const row = cohortRow(runs[1], 2000, 2);
    expect(row.ratioToFloor).toBe(1.5);
    expect(row.scansPerHour).toBe(2400);
    expect(row.cpuMsPerScan).toBe(3000);
    const stages = stageRows(['anatomy'], runs, 300);
    const anatomy = stages.find((s) => s.stage === 'anatomy')!;
    expect(anatomy.byWorkers['1']).toEqual({ p50: 3, p95: 4, n: 4 });
    expect(anatomy.byWorkers['2'].p95).toBe(9);
    expect(stages.find((s) => s.stage === 'assemble / slice')!.byWorkers['2'].p50).toBe(0.1);
    const pass = { method: 'createGunzip chunk 64 KiB', ms: 2000, inflatedBytes: 1 };
    const report: BenchReport = {
      startedAt: '2026-01-01T00:00:00.000Z',
      command: 'npm run bench',
      machine: { cpus: 2, cpuModel: 'test', node: 'v20', load1: [1, 2] },
      code: 'compiled (dist)',
      preset: 'default',
      scan: { shape: [512, 512, 300], spacingMm: [0.7, 0.7, 1], datatype: 'int16', orientation: 'LPS', gzBytes: 140e6, slices: 300 },
      scans: 2,
      gunzip: { passes: [pass], floor: pass, perScanMs: 1000 },
      cohorts: runs.map((r) => cohortRow(r, 2000, 2)),
      stages,
      peakRss: [{ scans: 1, wallMs: 1000, maxRssMb: 200 }, { scans: 10, wallMs: 9000, maxRssMb: 210 }],
    };
    const text = formatReport(report);
    expect(text).toContain('--workers 2 --max-scans 2');
    expect(text).toMatch(/--workers 2 --max-scans 2 +3\.00 +1\.500 +1\.50 +2400 +3\.000/);
    expect(text).toContain('<- floor');
    expect(text).toMatch(/10 scans +9\.00 +210/);
  });
});
