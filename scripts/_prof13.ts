import { runDefaultOnFile } from '../bench/defaultOnFile.js';
import { scanVesselSize } from '../src/biomarkers/scanVesselSize.js';
import { zonesOfScan } from '../src/biomarkers/scanBiomarkers.js';
const r = await runDefaultOnFile(process.argv[2] ?? '/tmp/bm13/v.nii.gz');
const zones = zonesOfScan(r.scan, r.geometry);
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const v = await scanVesselSize(1.25, r.candidates, r.scan, r.geometry, zones);
  console.log('vessel size ms', (performance.now() - t).toFixed(1), v.flags);
}
let n = 0; for (const c of r.candidates) for (const k of r.scan.lungRegionsOf(c.index)) { const vr = c.candidates[k].vesselRuns; for (let q = 0; q < vr.length; q += 3) n += vr[q+2]-vr[q+1]; }
console.log('vessel voxels', n, 'slices', r.candidates.length);
