/**
 * The report viewer's NIfTI copy of a CT stored in another format (src/report/viewerCt.ts): the same HU, slice by
 * slice, and the same geometry as the original read by lungflow; int16 when the HU are integers, float32 otherwise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generatePhantom } from '../../src/phantom/generate.js';
import { writeMetaImage } from '../../src/readers/metaimage/write.js';
import { writeNrrd } from '../../src/readers/nrrd/write.js';
import { openVolume } from '../../src/readers/openVolume.js';
import { fileTarget } from '../../src/readers/scanTarget.js';
import { viewerReadsAsIs, writeViewerCt } from '../../src/report/viewerCt.js';
import { tempDir } from '../helpers/cohortFixtures.js';

/** Every slice's HU and the geometry, as lungflow reads the file. */
async function readAll(file: string) {
  const source = await openVolume(fileTarget(file), { spacing: 'geometry', orientation: 'canonical' });
  const slices: number[][] = [];
  try {
    for await (const s of source.slices()) slices.push(Array.from(s.hu));
  } finally {
    await source.close();
  }
  return { slices, affine: Array.from(source.geometry.affine), dims: Array.from(source.geometry.dims) };
}

/** NIfTI-1 datatype code of a .nii.gz (4 int16, 16 float32). */
function datatypeOf(file: string): number {
  return gunzipSync(readFileSync(file)).readInt16LE(70);
}

describe('the viewer CT copy', () => {
  const { spec } = generatePhantom({ shape: [40, 36, 14], spacingMm: [2.5, 2.5, 5], seed: 3, orientation: 'ASR', noiseHu: 10 });

  it('of an integer CT (NRRD stored ASR, the axial axis first) is int16 with the same HU and geometry', async () => {
    const dir = tempDir('viewer-ct');
    const nrrd = path.join(dir, 'ct.nrrd');
    await writeNrrd(nrrd, spec, { encoding: 'gzip', detached: false });
    const copy = path.join(dir, 'copy.nii.gz');
    await writeViewerCt(nrrd, 'unused', copy);
    expect(datatypeOf(copy)).toBe(4);
    expect(await readAll(copy)).toEqual(await readAll(nrrd));
  });

  it('of a CT with fractional HU (MetaImage float32) is float32 with the same HU', async () => {
    const dir = tempDir('viewer-ct');
    const data = Float32Array.from(spec.data as ArrayLike<number>, (v, i) => v + (i % 7 === 0 ? 0.25 : 0));
    const mha = path.join(dir, 'ct.mha');
    await writeMetaImage(mha, { ...spec, datatype: 'float32', data }, { compressed: true, local: true });
    const copy = path.join(dir, 'copy.nii.gz');
    await writeViewerCt(mha, 'unused', copy);
    expect(datatypeOf(copy)).toBe(16);
    const [a, b] = [await readAll(copy), await readAll(mha)];
    expect(a).toEqual(b);
    expect(b.slices.flat().some((v) => v !== Math.round(v))).toBe(true);
  });

  it('is needed for every format but NIfTI', () => {
    expect(['a.nii', 'b.nii.gz', 'C.NII.GZ'].every(viewerReadsAsIs)).toBe(true);
    expect(['a.nrrd', 'a.nhdr', 'a.mha', 'a.mhd', 'dicom-folder', 'x.dcm', 'a.nii.bak'].some(viewerReadsAsIs)).toBe(false);
  });
});
