/**
 * A src/phantom chest as the benchmark scores it: generated in RAS (so canonical slices and the truth labels share
 * one grid), written as .nii.gz and read back through openNifti (canonical, geometric spacing) — the runner's path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantomWithLabels } from '../src/phantom/index.js';
import { writeNifti } from '../src/nifti/write.js';
import { openNifti } from '../src/nifti/open.js';
import type { HuSlice } from '../src/stages/types.js';
import type { ChestOptions, ChestVolume } from './syntheticChest.js';

/** Phantom label codes → the synthetic chest's (0 other, 1/2 lung L/R, 3/4 vessel L/R, 5 airway, 6 gas/slot). */
const TO_CHEST_LABEL = [0, 1, 2, 3, 4, 5, 6, 1, 2, 6];

export async function phantomVolume(o: ChestOptions): Promise<ChestVolume> {
  const { spec, truth, labels } = generatePhantomWithLabels({ seed: o.seed, shape: o.shape, spacingMm: o.spacingMm, arms: o.arms ?? false, orientation: 'RAS' });
  const dir = mkdtempSync(join(tmpdir(), 'lungflow-accuracy-'));
  try {
    const path = join(dir, `phantom-${o.seed}.nii.gz`);
    await writeNifti(path, spec);
    const source = await openNifti(path, { spacing: 'geometry', orientation: 'canonical' });
    const slices: HuSlice[] = [];
    try {
      for await (const s of source.slices()) slices.push(s);
    } finally {
      await source.close();
    }
    const nz = slices.length;
    const leftPx = new Int32Array(nz), rightPx = new Int32Array(nz), vesselPx = new Int32Array(nz), otherAirPx = new Int32Array(nz);
    for (const t of truth.slices) {
      leftPx[t.index] = t.lungPx.left;
      rightPx[t.index] = t.lungPx.right;
      vesselPx[t.index] = t.vesselPx.total;
      otherAirPx[t.index] = t.tracheaPx + t.bronchusPx + t.stomachGasPx + t.tableSlotPx;
    }
    const mapped = Uint8Array.from(labels, (l) => TO_CHEST_LABEL[l] ?? 0);
    return {
      slices,
      labels: mapped,
      truth: {
        leftPx, rightPx, vesselPx, otherAirPx,
        pixelAreaMm2: truth.pixelAreaMm2,
        lungVolumeMl: truth.volumesMl.lung.total,
        leftVolumeMl: truth.volumesMl.lung.left,
        rightVolumeMl: truth.volumesMl.lung.right,
        vesselVolumeMl: truth.volumesMl.vessel.total,
      },
      sliceSpacingMm: o.spacingMm[2],
      inPlaneSpacingMm: [o.spacingMm[0], o.spacingMm[1]],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
