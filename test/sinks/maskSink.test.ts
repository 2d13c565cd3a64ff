import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNifti, type NiftiSource } from '../../src/readers/nifti/open.js';
import { scatterSlice } from '../../src/readers/slicing.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { mulberry32 } from '../../src/phantom/random.js';
import { MaskSink } from '../../src/sinks/masks/maskSink.js';
import { CANONICAL, STORED, tempDir } from '../readers/nifti/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A 7 x 5 x 4 int16 CT whose affine flips x and y (LPS-like) or stores the axial axis first (sagittal). */
async function ct(name: string, affine: number[]): Promise<NiftiSource> {
  const p = tmp.path(name);
  await writeNifti(p, { dims: [7, 5, 4], datatype: 'int16', data: new Array(140).fill(-500), pixdim: [1, 1, 1], affine });
  return openNifti(p, CANONICAL);
}

/** Random 0/1 masks for slices 0..n-1 except `skip`, and the stored volume they make (skipped slices empty). */
function masksFor(source: NiftiSource, skip: number, seed: number) {
  const rnd = mulberry32(seed);
  const { plan } = source;
  const [nx, ny, nz] = plan.volumeDims;
  const expected = new Uint8Array(nx * ny * nz);
  const slices: { k: number; mask: Uint8Array }[] = [];
  for (let k = 0; k < plan.nSlices; k++) {
    if (k === skip) continue;
    const mask = new Uint8Array(plan.width * plan.height).map(() => (rnd() < 0.4 ? 1 : 0));
    scatterSlice(plan, mask, k, expected);
    slices.push({ k, mask });
  }
  return { slices, expected };
}

/** The voxel bytes as stored (NIfTI-1: after byte 352), and the header as the reader sees it. */
async function storedVoxels(file: string): Promise<number[]> {
  const source = await openNifti(file, STORED);
  expect(source.header.datatype).toBe('uint8');
  await source.close();
  return Array.from(gunzipSync(readFileSync(file)).subarray(352));
}

describe('MaskSink writes masks in the input geometry', () => {
  const layouts = [
    { name: 'axial last, flipped in-plane (streamed plane by plane)', affine: [-1, 0, 0, 6, 0, -1, 0, 4, 0, 0, 1, 0, 0, 0, 0, 1] },
    { name: 'axial axis stored first (gathered in volumes)', affine: [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1] },
  ];
  for (const [i, { name, affine }] of layouts.entries()) {
    it(name, async () => {
      const source = await ct(`ct-${i}.nii`, affine);
      const lung = masksFor(source, 1, 10 + i);
      const vessels = masksFor(source, 1, 20 + i);
      const dir = path.join(tmp.dir, `masks-${i}`);
      (await import('node:fs')).mkdirSync(dir);
      const masks = new MaskSink(dir).begin(source, 'abcdef0123456789');
      for (let j = 0; j < lung.slices.length; j++) await masks.addSlice(lung.slices[j]!.k, lung.slices[j]!.mask, vessels.slices[j]!.mask);
      const paths = await masks.finish();
      expect(paths.lung).toBe(path.join(dir, `ct-${i}_abcdef01_lung.nii.gz`));
      expect(await storedVoxels(paths.lung)).toEqual(Array.from(lung.expected));
      expect(await storedVoxels(paths.vessels)).toEqual(Array.from(vessels.expected));
      expect(readdirSync(dir).sort()).toEqual([path.basename(paths.lung), path.basename(paths.vessels)].sort());
      await source.close();
    });
  }

  it('slices out of order are refused; abort leaves no file behind', async () => {
    const source = await ct('ct-abort.nii', layouts[0]!.affine);
    const dir = path.join(tmp.dir, 'masks-abort');
    (await import('node:fs')).mkdirSync(dir);
    const masks = new MaskSink(dir).begin(source, 'feedfacecafebeef');
    const empty = new Uint8Array(source.plan.width * source.plan.height);
    await masks.addSlice(2, empty, empty);
    await expect(masks.addSlice(1, empty, empty)).rejects.toThrow(/slices must come in order/);
    await masks.abort();
    expect(readdirSync(dir)).toEqual([]);
    await source.close();
  });
});
