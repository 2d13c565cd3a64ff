import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { NiftiError } from '../../../src/readers/nifti/header.js';
import { openNifti, type NiftiSource } from '../../../src/readers/nifti/open.js';
import { encodeNifti, writeNifti, type NiftiImageSpec } from '../../../src/readers/nifti/write.js';
import { concatHu, noise, openFdCount, patch, readAllSlices, STORED, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** 64 × 48 × 6 int16 noise: 36 KiB of voxel data that gzip cannot squeeze much. */
const NOISY: NiftiImageSpec = { dims: [64, 48, 6], datatype: 'int16', data: noise(64 * 48 * 6, -1024, 3000), pixdim: [0.7, 0.7, 2] };
const NOISY_BYTES = 352 + 64 * 48 * 6 * 2; // 37216

async function rejection(promise: Promise<unknown>): Promise<NiftiError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(NiftiError);
    return err as NiftiError;
  }
  throw new Error('expected a NiftiError');
}

async function drain(source: NiftiSource): Promise<number> {
  let n = 0;
  for await (const _ of source.slices()) n++;
  return n;
}

describe('openNifti checks sizes before allocating', () => {
  it('a truncated plain file is refused at open, naming both sizes', async () => {
    const p = tmp.path('cut.nii');
    writeFileSync(p, encodeNifti(NOISY).subarray(0, 20000));
    const e = await rejection(openNifti(p, STORED));
    expect(e.code).toBe('truncated');
    expect(e.message).toBe('header claims 36 KiB of voxel data (64x48x6 int16) from byte 352 but the file holds 19.5 KiB (19648 bytes after vox_offset)');
  });

  it('a file cut inside the header', async () => {
    const p = tmp.path('cut-header.nii');
    writeFileSync(p, encodeNifti(NOISY).subarray(0, 100));
    expect((await rejection(openNifti(p, STORED))).code).toBe('truncated');
  });

  it('32767³ int16 claimed by a 4 KiB file is too large', async () => {
    const bytes = new Uint8Array(4096);
    bytes.set(encodeNifti({ dims: [2, 2, 2], datatype: 'int16', data: new Array(8).fill(0), pixdim: [1, 1, 1] }));
    patch(bytes, (v) => [1, 2, 3].forEach((d) => v.setInt16(40 + 2 * d, 32767, true)));
    const p = tmp.path('absurd.nii');
    writeFileSync(p, bytes);
    const e = await rejection(openNifti(p, STORED));
    expect(e.code).toBe('too-large');
    expect(e.message).toBe('header claims 64 TiB of voxel data (32767x32767x32767 int16) from byte 352 but the file holds 4 KiB (3744 bytes after vox_offset)');
  });

  it('the same claim in a gzip file names the compressed size and the DEFLATE limit', async () => {
    const bytes = encodeNifti({ dims: [2, 2, 2], datatype: 'int16', data: new Array(8).fill(0), pixdim: [1, 1, 1] });
    patch(bytes, (v) => [1, 2, 3].forEach((d) => v.setInt16(40 + 2 * d, 32767, true)));
    const gz = gzipSync(bytes);
    const p = tmp.path('absurd.nii.gz');
    writeFileSync(p, gz);
    const e = await rejection(openNifti(p, STORED));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('header claims 64 TiB of voxel data (32767x32767x32767 int16)');
    expect(e.message).toContain(`the ${gz.length} bytes gzip file can inflate to at most`);
  });

  it('vox_offset past the end of the file', async () => {
    const bytes = new Uint8Array(4096);
    bytes.set(encodeNifti({ dims: [2, 2], datatype: 'uint8', data: [1, 2, 3, 4], pixdim: [1, 1] }));
    patch(bytes, (v) => v.setFloat32(108, 9000, true));
    const p = tmp.path('offset.nii');
    writeFileSync(p, bytes);
    const e = await rejection(openNifti(p, STORED));
    expect(e.code).toBe('bad-vox-offset');
    expect(e.message).toBe('vox_offset 9000 is past the end of the 4096-byte file');
  });

  it('maxVoxelBytes bounds what a file may claim even when it holds it', async () => {
    const p = tmp.path('big-enough.nii');
    await writeNifti(p, NOISY);
    const e = await rejection(openNifti(p, STORED, { maxVoxelBytes: 30000 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('more than the limit of 29.3 KiB');
  });

  it('bad header fields come out of openNifti as the same NiftiErrors', async () => {
    const p = tmp.path('bad-dtype.nii.gz');
    writeFileSync(p, gzipSync(patch(encodeNifti(NOISY), (v) => v.setInt16(70, 17, true))));
    const e = await rejection(openNifti(p, STORED));
    expect(e.code).toBe('unsupported-datatype');
  });
});

/** Both inflaters: straight into the plane buffers (the default), and the zlib-stream fallback. */
const INFLATERS = ['direct', 'stream'] as const;

for (const inflate of INFLATERS) describe(`gzip damage ends the iteration with a specific error (${inflate} inflate)`, () => {
  it('a truncated gzip file: slices before the cut, then "truncated" with byte counts', async () => {
    const gz = gzipSync(encodeNifti(NOISY));
    const p = tmp.path('cut.nii.gz');
    writeFileSync(p, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const source = await openNifti(p, STORED, { inflate });
    const got: number[] = [];
    const e = await rejection((async () => { for await (const s of source.slices()) got.push(s.index); })());
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(new RegExp(`^the file is truncated: its gzip stream ends early, \\d+ of ${NOISY_BYTES} bytes \\(.* of 36.3 KiB\\) arrived$`));
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(6);
    expect(got).toEqual(got.map((_, k) => k));
  });

  /** 256 × 256 × 8 int16 noise, 1 MiB: big enough that zlib meets the damage long after the header. */
  const LARGE: NiftiImageSpec = { dims: [256, 256, 8], datatype: 'int16', data: noise(256 * 256 * 8, -1024, 3000, 3), pixdim: [1, 1, 1] };
  const LARGE_BYTES = 352 + 256 * 256 * 8 * 2;

  it('corrupt deflate data', async () => {
    const gz = gzipSync(encodeNifti(LARGE));
    for (let i = 300_000; i < 300_400; i++) gz[i] ^= 0x5a;
    const p = tmp.path('corrupt.nii.gz');
    writeFileSync(p, gz);
    const source = await openNifti(p, STORED, { inflate });
    const e = await rejection(drain(source));
    expect(e.code).toBe('corrupt-gzip');
    expect(e.message).toMatch(new RegExp(`^the gzip data is corrupt \\(.+\\) after \\d+ of ${LARGE_BYTES} bytes \\(.+ of 1 MiB\\) arrived$`));
  });

  it('a bad CRC is reported at the end, after the slices zlib had already handed on', async () => {
    const gz = gzipSync(encodeNifti(LARGE));
    gz[gz.length - 8] ^= 0xff; // first byte of the CRC32 trailer
    const p = tmp.path('crc.nii.gz');
    writeFileSync(p, gz);
    const source = await openNifti(p, STORED, { inflate });
    let n = 0;
    const e = await rejection((async () => { for await (const _ of source.slices()) n++; })());
    expect(n).toBeGreaterThanOrEqual(7);
    expect(e.code).toBe('corrupt-gzip');
    expect(e.message).toContain('incorrect data check');
  });

  it('a bad CRC in a small file is reported, at open (inflated ahead) or after its slices', async () => {
    const gz = gzipSync(encodeNifti(NOISY));
    gz[gz.length - 8] ^= 0xff;
    const p = tmp.path(`crc-small-${inflate}.nii.gz`);
    writeFileSync(p, gz);
    const e = await rejection((async () => drain(await openNifti(p, STORED, { inflate })))());
    expect(e.code).toBe('corrupt-gzip');
    expect(e.message).toContain('incorrect data check');
  });

  it('a gzip file cut inside the header', async () => {
    const p = tmp.path('cut-header.nii.gz');
    writeFileSync(p, gzipSync(encodeNifti(NOISY).subarray(0, 200)));
    const e = await rejection(openNifti(p, STORED, { inflate }));
    expect(e.code).toBe('truncated');
    expect(e.message).toBe('the NIfTI-1 header needs 348 bytes but only 200 bytes are there');
  });
});

describe('streaming behaviour', () => {
  const variants = [{ ext: '.nii', inflate: undefined }, ...INFLATERS.map((inflate) => ({ ext: '.nii.gz', inflate }))];
  for (const { ext: extension, inflate } of variants) {
    const ext = inflate ? `${extension}, ${inflate} inflate` : extension;
    const file = (stem: string) => tmp.path(`${stem}-${inflate ?? 'plain'}${extension}`);
    it(`every slice has its own exactly-sized buffer (${ext})`, async () => {
      const p = file('fresh');
      await writeNifti(p, NOISY);
      const slices = await readAllSlices(p, STORED, { inflate });
      const buffers = new Set(slices.map((s) => s.hu.buffer));
      expect(buffers.size).toBe(6);
      for (const s of slices) expect(s.hu.buffer.byteLength).toBe(64 * 48 * 4);
      expect(concatHu(slices)).toEqual(NOISY.data);
    });

    it(`breaking out of the loop releases the file (${ext})`, async () => {
      const p = file('break');
      await writeNifti(p, NOISY);
      const before = openFdCount();
      const source = await openNifti(p, STORED, { inflate });
      for await (const s of source.slices()) {
        expect(openFdCount()).toBeGreaterThan(before);
        if (s.index === 1) break;
      }
      expect(openFdCount()).toBe(before);
      await source.close();
    });

    it(`close() mid-iteration releases the file and the next read says so (${ext})`, async () => {
      const p = file('close');
      await writeNifti(p, NOISY);
      const before = openFdCount();
      const source = await openNifti(p, STORED, { inflate });
      const it = source.slices()[Symbol.asyncIterator]();
      expect((await it.next()).done).toBe(false);
      await source.close();
      expect(openFdCount()).toBe(before);
      const e = await rejection(it.next());
      expect(e.code).toBe('closed');
      expect(e.message).toContain('was closed before slice 1 of 6');
    });

    it(`an aborted signal stops the iteration (${ext})`, async () => {
      const p = file('abort');
      await writeNifti(p, NOISY);
      const controller = new AbortController();
      const source = await openNifti(p, STORED, { signal: controller.signal, inflate });
      const seen: number[] = [];
      await expect((async () => {
        for await (const s of source.slices()) { seen.push(s.index); if (s.index === 2) controller.abort(); }
      })()).rejects.toThrow(/abort/i);
      expect(seen).toEqual([0, 1, 2]);
      await source.close();
    });

    it(`4-D data: only the first volume (${ext})`, async () => {
      const dims = [3, 2, 2, 3];
      const data = Array.from({ length: 36 }, (_, i) => i);
      const p = file('4d');
      await writeNifti(p, { dims, datatype: 'uint8', data, pixdim: [1, 1, 1, 1] });
      const source = await openNifti(p, STORED, { inflate });
      expect(source.geometry.nVolumes).toBe(3);
      expect(source.plan.nSlices).toBe(2);
      const slices: number[][] = [];
      for await (const s of source.slices()) slices.push(Array.from(s.hu));
      expect(slices).toEqual([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]);
      await source.close();
    });

    it(`respects extensions and vox_offset (${ext})`, async () => {
      const plain = encodeNifti({ dims: [2, 2], datatype: 'int16', data: [1, -2, 3, -4], pixdim: [1, 1] });
      // One 32-byte extension (esize 32, ecode 6 = comment) between the header and the data; vox_offset 384.
      const bytes = new Uint8Array(384 + 8);
      bytes.set(plain.subarray(0, 348));
      bytes[348] = 1;
      patch(bytes, (v) => { v.setInt32(352, 32, true); v.setInt32(356, 6, true); v.setFloat32(108, 384, true); });
      bytes.set(new TextEncoder().encode('hello extension'), 360);
      bytes.set(plain.subarray(352), 384);
      const p = file('ext');
      writeFileSync(p, extension.endsWith('.gz') ? gzipSync(bytes) : bytes);
      expect(concatHu(await readAllSlices(p, STORED, { inflate }))).toEqual([1, -2, 3, -4]);
    });
  }

  it('slices() can be iterated again', async () => {
    const p = tmp.path('again.nii.gz');
    await writeNifti(p, NOISY);
    const source = await openNifti(p, STORED);
    expect(await drain(source)).toBe(6);
    expect(await drain(source)).toBe(6);
    await source.close();
  });

  it('a volume whose axial axis is not 2 is gathered, then sliced', async () => {
    // i runs along z: a sagittal-stored 3 × 2 × 2 volume; slices are along i.
    const p = tmp.path('sagittal.nii.gz');
    await writeNifti(p, {
      dims: [3, 2, 2], datatype: 'uint8', data: Array.from({ length: 12 }, (_, i) => i), pixdim: [1, 1, 1],
      affine: [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1],
    });
    const slices = await readAllSlices(p);
    expect(slices.map((s) => s.index)).toEqual([0, 1, 2]);
    // slice i: pixel (x = j, y = k) = i + 3j + 6k
    expect(slices.map((s) => Array.from(s.hu))).toEqual([[0, 3, 6, 9], [1, 4, 7, 10], [2, 5, 8, 11]]);
  });
});
