/**
 * A src/phantom chest as the benchmark scores it: generated in RAS (so canonical slices and the truth labels share
 * one grid), written as .nii.gz and read back through openNifti (canonical, geometric spacing) — the runner's path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantomWithLabels, type BowelGasOptions } from '../src/phantom/index.js';
import { writeNifti } from '../src/readers/nifti/write.js';
import { openNifti } from '../src/readers/nifti/open.js';
import type { HuSlice } from '../src/stages/types.js';
import type { ReadParams } from '../src/stages/read.js';
import type { ChestOptions, ChestVolume } from './syntheticChest.js';

/** Phantom label codes → the synthetic chest's (0 other, 1/2 lung L/R, 3/4 vessel L/R, 5 airway, 6 gas/slot). */
const TO_CHEST_LABEL = [0, 1, 2, 3, 4, 5, 6, 1, 2, 6];

/** The benchmark's chest options, plus the phantom's bowel gas (src/phantom/bowelGas.ts). */
export type PhantomChestOptions = ChestOptions & { readonly bowelGas?: BowelGasOptions };

/**
 * The chest as the `default` preset reads it (canonical slices, geometric spacing); with `seedRead`, also the
 * slices as another preset's read stage gives them (the `seed` preset: stored order, the tutorial's spacing
 * heuristic), from the same file. The phantom is stored RAS, so both grids are the truth labels' grid.
 */
export async function phantomVolume(o: PhantomChestOptions): Promise<ChestVolume>;
export async function phantomVolume(o: PhantomChestOptions, seedRead: ReadParams): Promise<ChestVolume & { readonly seedSlices: HuSlice[] }>;
export async function phantomVolume(o: PhantomChestOptions, seedRead?: ReadParams): Promise<ChestVolume & { readonly seedSlices?: HuSlice[] }> {
  const { spec, truth, labels } = generatePhantomWithLabels({
    seed: o.seed, shape: o.shape, spacingMm: o.spacingMm, arms: o.arms ?? false, orientation: 'RAS', ...(o.bowelGas ? { bowelGas: o.bowelGas } : {}),
  });
  const dir = mkdtempSync(join(tmpdir(), 'lungflow-accuracy-'));
  try {
    const path = join(dir, `phantom-${o.seed}.nii.gz`);
    await writeNifti(path, spec);
    const slices = await readAll(path, { spacing: 'geometry', orientation: 'canonical' });
    const seedSlices = seedRead ? await readAll(path, seedRead) : undefined;
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
      ...(seedSlices ? { seedSlices } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readAll(path: string, read: ReadParams): Promise<HuSlice[]> {
  const source = await openNifti(path, read);
  const slices: HuSlice[] = [];
  try {
    for await (const s of source.slices()) slices.push(s);
  } finally {
    await source.close();
  }
  return slices;
}
