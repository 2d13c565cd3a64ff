/**
 * The `default` preset on one NIfTI file, in-process, through the real reader (openNifti, canonical slices,
 * geometric spacing): what the runner does, minus the worker pool. For the benchmark and the tests.
 */
import { openNifti } from '../src/readers/nifti/open.js';
import { analyseSlice, type AnatomyParams, type SliceCandidates } from '../src/stages/anatomy.js';
import { assembleScan, type AssembleParams, type AssembledScan, type ScanGeometry } from '../src/volume/assembleScan.js';
import { defaultPreset } from '../pipeline.config.js';

export interface DefaultOnFile {
  readonly candidates: SliceCandidates[];
  readonly scan: AssembledScan;
  readonly geometry: ScanGeometry;
  readonly msPerSlice: number;
}

export async function runDefaultOnFile(
  path: string,
  anatomy: AnatomyParams = defaultPreset.anatomy,
  assemble: AssembleParams = defaultPreset.assemble,
): Promise<DefaultOnFile> {
  const source = await openNifti(path, { spacing: 'geometry', orientation: 'canonical' });
  try {
    const candidates: SliceCandidates[] = [];
    let ms = 0;
    for await (const slice of source.slices()) {
      const t0 = performance.now();
      candidates.push(analyseSlice(anatomy, slice));
      ms += performance.now() - t0;
    }
    const a = source.plan.axialAxis;
    const geometry: ScanGeometry = {
      sliceSpacingMm: source.geometry.spacingMm[a],
      inPlaneSpacingMm: source.spacingMm,
      nSlices: candidates.length,
      // The axial voxel axis's world-z component: positive when a higher index is more superior.
      superiorIsHigherIndex: source.geometry.affine[8 + a] > 0,
    };
    const t0 = performance.now();
    const scan = assembleScan(assemble, candidates, geometry);
    ms += performance.now() - t0;
    return { candidates, scan, geometry, msPerSlice: ms / Math.max(1, candidates.length) };
  } finally {
    await source.close();
  }
}
