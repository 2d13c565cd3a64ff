import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNifti, writeNiftiUint8 } from '../../../src/readers/nifti/write.js';
import { readAllSlices, tempDir, STORED } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('writeNiftiUint8 (the mask writer) streams a uint8 volume as encodeNifti would encode it', () => {
  const dims = [33, 17, 5];
  const data = new Uint8Array(33 * 17 * 5).map((_, i) => (i * 7) % 3 === 0 ? 1 : 0);
  const spec = { dims, pixdim: [0.7, 0.8, 2.5], affine: [-0.7, 0, 0, 10, 0, -0.8, 0, 20, 0, 0, 2.5, -30, 0, 0, 0, 1], descrip: 'mask' };
  const expected = Buffer.from(encodeNifti({ ...spec, datatype: 'uint8', data }));

  it('.nii.gz: the same bytes once inflated, readable back, no temporary file left', async () => {
    const p = tmp.path('m.nii.gz');
    await writeNiftiUint8(p, spec, data);
    expect(Buffer.compare(gunzipSync(readFileSync(p)), expected)).toBe(0);
    const back = await readAllSlices(p, STORED);
    expect(back.flatMap((s) => Array.from(s.hu))).toEqual(Array.from(data));
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('.nii: the same bytes', async () => {
    const p = tmp.path('m.nii');
    await writeNiftiUint8(p, spec, data);
    expect(Buffer.compare(readFileSync(p), expected)).toBe(0);
  });

  it('a volume of the wrong size is refused before anything is written', async () => {
    const p = tmp.path('bad.nii.gz');
    await expect(writeNiftiUint8(p, spec, data.subarray(1))).rejects.toThrow(/need 2805/);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('bad'))).toEqual([]);
  });
});
