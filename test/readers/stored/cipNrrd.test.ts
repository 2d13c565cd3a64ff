/**
 * The Chest Imaging Platform's NRRD files in ../shared/data/realct give the same voxels, geometry and numbers as
 * their NIfTI conversions beside them (convert_nrrd.py: LPS → RAS, qform = sform). The conversions store the
 * affine in float32, so geometry and areas agree to float32 precision (~1e-7 relative), voxels exactly.
 */
import { fileTarget } from '../../../src/readers/scanTarget.js';
import { describe, expect, it } from 'vitest';
import { presets } from '../../../pipeline.config.js';
import { openVolume } from '../../../src/readers/openVolume.js';
import { runScanTask } from '../../../src/worker.js';
import type { ScanTaskDone } from '../../../src/scanTask.js';
import { needSharedData, sharedFile } from '../../helpers/sharedData.js';

const CANONICAL = { spacing: 'geometry', orientation: 'canonical' } as const;

const PAIRS: readonly [string, string][] = [
  ['cip-copdgene-10002K-64', 'ct'],
  ['cip-copdgene-10002K-64', 'lungmask'],
  ['cip-copdgene-10002K-64', 'labels_cip'],
  ['cip-copdgene-10002K-64', 'lungmask_fullres_lr'],
  ['cip-copdgene-16021S-crop2slices', 'ct'],
  ['cip-copdgene-16021S-crop2slices', 'lungmask_cipdcnn'],
  ['cip-testinput-64', 'ct'],
];

const need = needSharedData('CIP NRRD files against their NIfTI conversions', 'realct');

describe.skipIf(need.skip)(need.title, () => {
  it.each(PAIRS)('%s/%s: the same voxels, slice by slice, and the same geometry', async (dir, name) => {
    const nrrd = await openVolume(sharedFile('realct', dir, `${name}.nrrd`), CANONICAL);
    const nifti = await openVolume(sharedFile('realct', dir, `${name}.nii.gz`), CANONICAL);
    expect(nrrd.format).toBe('nrrd');
    expect(nrrd.geometry.dims).toEqual(nifti.geometry.dims);
    nrrd.geometry.affine.forEach((x, i) => expect(Math.abs(x - nifti.geometry.affine[i])).toBeLessThan(1e-4));
    nrrd.geometry.spacingMm.forEach((x, i) => expect(x / nifti.geometry.spacingMm[i] - 1).toBeLessThan(1e-6));
    expect(nrrd.plan).toEqual(nifti.plan);
    const other = nifti.slices()[Symbol.asyncIterator]();
    let n = 0;
    for await (const slice of nrrd.slices()) {
      const twin = (await other.next()).value!;
      // Compared in one pass: toEqual on 262,144-value arrays per slice would be slow.
      let differing = 0;
      for (let i = 0; i < slice.hu.length; i++) if (slice.hu[i] !== twin.hu[i]) differing++;
      expect(differing, `slice ${slice.index}`).toBe(0);
      n++;
    }
    expect(n).toBe(nifti.plan.nSlices);
    await nrrd.close();
    await nifti.close();
  }, 60_000);

  const measured: readonly [string, keyof typeof presets][] = [
    ['cip-copdgene-10002K-64', 'default'],
    ['cip-testinput-64', 'default'],
    ['cip-copdgene-16021S-crop2slices', 'default'],
    ['cip-copdgene-16021S-crop2slices', 'seed'],
  ];
  it.each(measured)('%s (%s preset): the same slice areas and volumes', async (dir, preset) => {
    const run = async (file: string) => {
      const r = await runScanTask({ config: presets[preset], target: fileTarget(sharedFile('realct', dir, file)), masks: null, timeStages: false });
      if (!r.ok) throw new Error(r.message);
      return (r as ScanTaskDone).measurements;
    };
    const [a, b] = [await run('ct.nrrd'), await run('ct.nii.gz')];
    const close = (x: number | null, y: number | null) => (x === null || y === null ? expect(x).toBe(y) : expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(y))));
    expect(a.slices.length).toBe(b.slices.length);
    a.slices.forEach((s, k) => {
      const t = b.slices[k];
      close(s.lungAreaMm2, t.lungAreaMm2);
      close(s.vesselAreaMm2, t.vesselAreaMm2);
      close(s.leftAreaMm2, t.leftAreaMm2);
      close(s.rightAreaMm2, t.rightAreaMm2);
      expect(s.nLungContours).toBe(t.nLungContours);
      expect(s.note).toBe(t.note);
    });
    close(a.lungVolumeMl, b.lungVolumeMl);
    close(a.vesselVolumeMl, b.vesselVolumeMl);
    expect(a.flags).toEqual(b.flags);
    if (preset === 'default' && dir !== 'cip-copdgene-16021S-crop2slices') expect(a.lungVolumeMl).toBeGreaterThan(1000);
  }, 60_000);
});
