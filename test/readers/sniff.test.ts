import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadError } from '../../src/readers/errors.js';
import { openVolume } from '../../src/readers/openVolume.js';
import { fileTarget } from '../../src/readers/scanTarget.js';
import { sniffFile, sniffFormat } from '../../src/readers/sniff.js';
import { encodeNifti } from '../../src/readers/nifti/write.js';
import { noise, STORED, tempDir } from './nifti/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const nifti = encodeNifti({ dims: [16, 12, 3], datatype: 'int16', data: noise(16 * 12 * 3, -1024, 500), pixdim: [1, 1, 2] });

describe('sniffing the format from the content', () => {
  it('knows NIfTI by its header size and magic, plain or gzip, whatever the name', async () => {
    const plain = join(tmp.dir, 'scan.dat');
    const gz = join(tmp.dir, 'scan-without-extension');
    writeFileSync(plain, nifti);
    writeFileSync(gz, gzipSync(nifti));
    expect(await sniffFile(plain)).toBe('nifti');
    expect(await sniffFile(gz)).toBe('nifti');
  });

  it('recognises nothing in text, in gzip of other bytes, in raw voxels that begin like a NIfTI size', async () => {
    const text = join(tmp.dir, 'notes.nii');
    const rawGz = join(tmp.dir, 'voxels.raw.gz');
    writeFileSync(text, 'subject,session\n01,a\n');
    writeFileSync(rawGz, gzipSync(Buffer.from(new Int16Array(noise(4096, -1024, 500)).buffer)));
    expect(await sniffFile(text)).toBeNull();
    expect(await sniffFile(rawGz)).toBeNull();
    const fakeSize = new Uint8Array(1024);
    new DataView(fakeSize.buffer).setInt32(0, 348, true);
    expect(sniffFormat(fakeSize)).toBeNull();
    expect(sniffFormat(new Uint8Array(0))).toBeNull();
  });

  it('gives an unrecognised file to the NIfTI reader, whose error says what is wrong', async () => {
    const text = join(tmp.dir, 'readme.nii.gz');
    writeFileSync(text, 'not an image at all, but long enough to be read as a header by a careless reader '.repeat(8));
    const error = await openVolume(fileTarget(text), STORED).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).code).toBe('not-nifti');
  });

  it('opens a NIfTI file as a volume source with its geometry, format and NIfTI description', async () => {
    const file = join(tmp.dir, 'ok.nii.gz');
    writeFileSync(file, gzipSync(nifti));
    const source = await openVolume(fileTarget(file), STORED);
    try {
      expect(source.format).toBe('nifti');
      expect(source.geometry.dims).toEqual([16, 12, 3]);
      expect(source.nifti.dim.slice(0, 4)).toEqual([3, 16, 12, 3]);
      expect(source.notes).toEqual([]);
      let n = 0;
      for await (const slice of source.slices()) expect(slice.index).toBe(n++);
      expect(n).toBe(3);
    } finally {
      await source.close();
    }
  });
});
