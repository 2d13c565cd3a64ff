/**
 * `run --qc` with the seed preset, whose slice results carry their masks when asked to: only the montage's
 * candidate slices keep them (all of them doubled a 512x512x300 scan's memory), and the montage is the same as
 * when every slice's masks are kept for --masks.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantom } from '../../src/phantom/index.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { fileTarget } from '../../src/readers/scanTarget.js';
import { keepsSliceMasks, runScanTask } from '../../src/worker.js';
import { candidateSlices } from '../../src/qc/montageSlices.js';
import { presets } from '../../pipeline.config.js';
import { QC_COLOURS } from '../../src/qc/qcTile.js';
import { PNG } from 'pngjs';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-seedqc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run --qc with the seed preset', () => {
  it('keeps the masks of the montage candidates only, unless mask files are written', () => {
    const n = 300;
    const candidates = new Set(candidateSlices(n));
    const qc = { wants: (k: number) => candidates.has(k) };
    const kept = (masks: { dir: string; scanId: string } | null, capture: typeof qc | null) =>
      Array.from({ length: n }, (_, k) => k).filter((k) => keepsSliceMasks({ masks }, capture, k));
    expect(kept(null, qc)).toEqual([...candidates].sort((a, b) => a - b));
    expect(kept(null, qc).length).toBeLessThanOrEqual(16);
    expect(kept({ dir, scanId: 'x' }, qc)).toHaveLength(n);
    expect(kept({ dir, scanId: 'x' }, null)).toHaveLength(n);
    expect(kept(null, null)).toEqual([]);
  });

  it('writes the same montage as with --masks, lungs and vessels outlined', async () => {
    const { spec } = generatePhantom({ shape: [256, 256, 60], spacingMm: [1.4, 1.4, 5], seed: 3 });
    const path = join(dir, 'p.nii.gz');
    await writeNifti(path, spec);
    const qcOnly = join(dir, 'qc-only.png');
    const withMasks = join(dir, 'with-masks.png');
    const a = await runScanTask({ config: presets.seed, target: fileTarget(path), masks: null, timeStages: false, qcMontage: qcOnly });
    const b = await runScanTask({ config: presets.seed, target: fileTarget(path), masks: { dir, scanId: 'p' }, timeStages: false, qcMontage: withMasks });
    expect(a.ok && b.ok).toBe(true);
    expect(readFileSync(qcOnly).equals(readFileSync(withMasks))).toBe(true);
    // And the masks are drawn: the lung's outline in its colour, vessels tinted red over the grey.
    const png = PNG.sync.read(readFileSync(qcOnly));
    const count = (is: (r: number, g: number, b: number) => boolean) => {
      let n = 0;
      for (let i = 0; i < png.data.length; i += 4) if (is(png.data[i], png.data[i + 1], png.data[i + 2])) n++;
      return n;
    };
    const [lr, lg, lb] = QC_COLOURS.lung;
    expect(count((r, g, b) => r === lr && g === lg && b === lb)).toBeGreaterThan(100);
    expect(count((r, g, b) => r > g + 100 && r > b + 100)).toBeGreaterThan(100);
  });
});
