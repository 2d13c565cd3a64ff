import { runDefaultOnFile } from '../bench/defaultOnFile.js';
import { VesselSliceScratch } from '../src/biomarkers/vesselSlice.js';
import { VesselSizer } from '../src/biomarkers/vesselSize.js';
import { zonesOfScan } from '../src/biomarkers/scanBiomarkers.js';
const r = await runDefaultOnFile(process.argv[2] ?? '/tmp/bm13/v.nii.gz');
const zones = zonesOfScan(r.scan, r.geometry);
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  const scratch = new VesselSliceScratch();
  const list = r.candidates.map((sc, s) => scratch.take(sc, r.scan.lungRegionSidesOf(sc.index), { left: zones.left[s], right: zones.right[s] }));
  const t1 = performance.now() - t; t = performance.now();
  const sizer = new VesselSizer(r.candidates[0].width, r.candidates[0].height, list.length, [r.geometry.inPlaneSpacingMm[0], r.geometry.inPlaneSpacingMm[1], r.geometry.sliceSpacingMm], 6);
  const t2 = performance.now() - t; t = performance.now();
  for (const v of list) sizer.add(v.voxels, v.codes);
  sizer.finish();
  console.log('voxels', t1.toFixed(1), 'ctor', t2.toFixed(1), 'size', (performance.now() - t).toFixed(1));
}
