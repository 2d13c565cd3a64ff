import { generatePhantomWithLabels, parseOrientation, toCanonical } from '../src/phantom/index.js';
import { vesselSizeTruth } from '../src/phantom/vesselSizeTruth.js';
import { writeNifti } from '../src/readers/nifti/write.js';
import { runScanTask } from '../src/worker.js';
import { defaultPreset } from '../pipeline.config.js';
const opts = { shape: [256, 256, 200] as [number, number, number], spacingMm: [1.0, 1.0, 1.2] as [number, number, number], seed: Number(process.argv[2] ?? 6501), orientation: 'LPS' };
let t = performance.now();
const g = generatePhantomWithLabels(opts);
const o = parseOrientation('LPS');
const lab = toCanonical(g.labels, o, opts.shape, new Uint8Array(256 * 256 * 200));
const truth = vesselSizeTruth(opts, lab);
console.log('gen+truth ms', performance.now() - t);
await writeNifti('/tmp/bm13/v.nii.gz', g.spec);
t = performance.now();
const r = await runScanTask({ config: defaultPreset, path: '/tmp/bm13/v.nii.gz', masks: null, timeStages: true });
console.log('run ms', performance.now() - t, r.ok ? r.measureMs : '');
if (!r.ok) throw new Error(r.message);
const voxelMl = 1.2 / 1000;
let tv = 0, t5 = 0, t10 = 0;
for (const [name, z] of Object.entries(truth.zones)) {
  const m = r.measurements.biomarkers!.regions.find((x) => x.region === name)!;
  tv += z.vessel; t5 += z.under5; t10 += z.under10;
  console.log(name, 'vessel', (z.vessel * voxelMl).toFixed(2), m.vesselVolumeMl.toFixed(2), 'bv5', (z.under5 * voxelMl).toFixed(2), m.bv5Ml!.toFixed(2), 'bv10', (z.under10 * voxelMl).toFixed(2), m.bv10Ml!.toFixed(2));
}
const m = r.measurements.biomarkers!.regions[0];
console.log('lung vessel', (tv * voxelMl).toFixed(2), m.vesselVolumeMl.toFixed(2), 'bv5', (t5 * voxelMl).toFixed(2), m.bv5Ml!.toFixed(2), 'bv10', (t10 * voxelMl).toFixed(2), m.bv10Ml!.toFixed(2), 'unexplained', truth.unexplained, r.measurements.flags);
