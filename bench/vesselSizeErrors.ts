/**
 * BV5 and BV10 errors, whole lung, on fresh phantoms of one field of view (256 × 256 × 240 mm, so the vessel trees
 * are the same size in mm) at each grid given, two ways:
 *   - measured: the `default` preset's rows against the truth JSON (what a user gets);
 *   - sizer on truth: VesselSizer run on the phantom's own truth vessel mask, against the same truth (the local
 *     thickness estimate alone, no segmentation).
 * The gap between the two is what the measured vessel mask adds or loses.
 *   npx tsx bench/vesselSizeErrors.ts SEEDS SPACING [SPACING ...]
 *   npx tsx bench/vesselSizeErrors.ts 9801,9802 0.7,0.7,1 1,1,1.25
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantomWithLabels } from '../src/phantom/generate.js';
import { isVessel } from '../src/phantom/labels.js';
import { totalsUnderAreas, VesselSizer } from '../src/biomarkers/vesselSize.js';
import { calibratedWeights } from '../src/biomarkers/vesselSizeCalibration.js';
import { writeNifti } from '../src/readers/nifti/write.js';
import { fileTarget } from '../src/readers/scanTarget.js';
import { runScanTask } from '../src/worker.js';
import { defaultPreset } from '../pipeline.config.js';
import { tripleArg as triple } from './tripleArg.js';

const FIELD_MM = [256, 256, 240] as const;

/** BV5 and BV10 voxels of VesselSizer on a label volume's vessel codes (canonical order, x fastest). */
function sizerOnLabels(labels: Uint8Array, shape: readonly [number, number, number], spacingMm: [number, number, number]): Float64Array {
  const [nx, ny, nz] = shape;
  const plane = nx * ny;
  const sizer = new VesselSizer(nx, ny, nz, spacingMm, 1);
  for (let z = 0; z < nz; z++) {
    const voxels: number[] = [];
    for (let p = 0; p < plane; p++) if (isVessel(labels[z * plane + p])) voxels.push(p);
    sizer.add(Int32Array.from(voxels), new Uint8Array(voxels.length).fill(1));
  }
  return totalsUnderAreas(sizer.finish(), calibratedWeights(spacingMm))[1];
}

async function main(): Promise<void> {
  const [seedsText, ...spacings] = process.argv.slice(2);
  if (!seedsText || spacings.length === 0) throw new Error('usage: npx tsx bench/vesselSizeErrors.ts SEEDS SPACING [SPACING ...]');
  const seeds = seedsText.split(',').map(Number);
  // Measured at every grid, the limit set aside: this is what the limit is chosen from.
  const config = { ...defaultPreset, biomarkers: { ...defaultPreset.biomarkers, maxVesselSizeSpacingMm: Infinity } };
  const dir = mkdtempSync(join(tmpdir(), 'lungflow-bv-'));
  const pct = (got: number, truth: number) => `${(100 * (got / truth - 1)).toFixed(1)}`.padStart(6);
  try {
    console.log('spacing mm       seed   measured: BV5 %  BV10 %  vessel %   sizer on truth: BV5 %  BV10 %   truth BV5 mL');
    for (const text of spacings) {
      const spacingMm = triple(text);
      const shape = spacingMm.map((s, i) => Math.round(FIELD_MM[i] / s)) as [number, number, number];
      for (const seed of seeds) {
        const { spec, truth, labels } = generatePhantomWithLabels({ shape, spacingMm, seed, orientation: 'RAS' });
        const path = join(dir, `s${seed}.nii.gz`);
        await writeNifti(path, spec);
        const r = await runScanTask({ config, target: fileTarget(path), masks: null, timeStages: false });
        if (!r.ok) throw new Error(`seed ${seed} at ${text}: ${r.message}`);
        const t = truth.regions.find((q) => q.region === 'lung')!;
        const m = r.measurements.biomarkers!.regions.find((q) => q.region === 'lung')!;
        const onTruth = sizerOnLabels(labels, shape, spacingMm);
        console.log(
          `${text.padEnd(16)} ${seed}   ${pct(m.bv5Ml!, t.bv5Ml)}  ${pct(m.bv10Ml!, t.bv10Ml)}  ${pct(m.vesselVolumeMl, t.vesselVolumeMl)}` +
          `                  ${pct(onTruth[0], t.bv5Voxels)}  ${pct(onTruth[1], t.bv10Voxels)}   ${t.bv5Ml.toFixed(1)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
