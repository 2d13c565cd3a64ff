import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseReporter, createReporter } from '../../src/cli/progressReporter.js';
import type { ScanOutcome } from '../../src/results.js';

const input = (p: string) => ({ scanId: 'x', path: p, files: [p], dicom: null, subject: null, session: null });
const common = { scanId: 'x', provenance: null, preset: 'default', configHash: 'h', runId: 'r', startedAt: new Date(), finishedAt: new Date() };
const done = (p: string): ScanOutcome => ({
  ...common, input: input(p), status: 'done', format: 'nifti', dicom: null, nSlices: 3, dims: [4, 4, 3], spacingMm: [1, 1, 1], lungVolumeMl: 12.34,
  vesselVolumeMl: 1, leftVolumeMl: 6, rightVolumeMl: 6.34, flags: [], slices: [], masks: null, biomarkers: null,
});
const failed = (p: string): ScanOutcome => ({ ...common, input: input(p), status: 'failed', errorCode: 'truncated', error: 'the file is truncated' });

describe('progress reporting', () => {
  afterEach(() => vi.restoreAllMocks());

  it('chooses a bar on a terminal, lines in a log, nothing when quiet', () => {
    expect(chooseReporter(false, true)).toBe('bar');
    expect(chooseReporter(false, false)).toBe('lines');
    expect(chooseReporter(true, true)).toBe('quiet');
  });

  it('in a log: one line per finished scan and a periodic summary with counts, slices/s and ETA', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const r = createReporter('lines', 40);
    for (let i = 0; i < 4; i++) r.scanDiscovered();
    r.scanStarted('/a.nii.gz');
    for (let i = 0; i < 3; i++) r.sliceDone();
    r.scanFinished(done('/a.nii.gz'));
    r.scanFinished(failed('/b.nii'));
    r.scanSkipped();
    await new Promise((res) => setTimeout(res, 120));
    r.stop();
    const text = lines.join('');
    expect(text).toContain('[lungflow] done /a.nii.gz (3 slices, lung 12.3 mL)');
    expect(text).toContain('[lungflow] failed /b.nii: the file is truncated');
    expect(text).toMatch(/\[lungflow\] 3\/4 scans settled \(done 1, failed 1, skipped 1\), \d+ slices\/s, ETA \d+s/);
    const after = lines.length;
    await new Promise((res) => setTimeout(res, 100));
    expect(lines.length).toBe(after);
  });

  it('quiet prints nothing', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const r = createReporter('quiet', 10);
    r.scanDiscovered();
    r.scanFinished(done('/a.nii.gz'));
    r.stop();
    expect(spy).not.toHaveBeenCalled();
  });
});
