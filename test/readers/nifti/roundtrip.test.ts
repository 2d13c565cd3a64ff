import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_DATATYPES, datatypeInfo, type NiftiDatatype } from '../../../src/readers/nifti/datatypes.js';
import { encodeNifti, writeNifti } from '../../../src/readers/nifti/write.js';
import { openNifti } from '../../../src/readers/nifti/open.js';
import { concatHu, firstMismatch, noise, readAllSlices, STORED, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** Per datatype: scaling to store, and stored values that include the type's extremes. */
const SCALING: Record<NiftiDatatype, { slope: number; inter: number }> = {
  uint8: { slope: 1, inter: 0 },
  int8: { slope: 0.5, inter: 10 },
  int16: { slope: 2, inter: -1 },
  uint16: { slope: 1, inter: -1024 },
  int32: { slope: 1, inter: 0 },
  uint32: { slope: 0, inter: 5 }, // slope 0 = no scaling at all: the intercept is ignored too (as nibabel does)
  float32: { slope: 1, inter: 0 },
  float64: { slope: 0.1, inter: -3 },
};

function storedValues(type: NiftiDatatype, n: number): number[] {
  const range = datatypeInfo(type).range;
  if (range) {
    const special = [range[0], range[1], 0, Math.min(range[1], 1)];
    return [...special, ...noise(n - special.length, range[0], range[1], 7)];
  }
  const special = [NaN, Infinity, -Infinity, -0, 3.25, -1024.5, 1e30, type === 'float64' ? 1e300 : 2.5e-3];
  return [...special, ...noise(n - special.length, -3000, 3000, 9).map((v) => v / 4)];
}

/** What a reader must return: value*slope + inter in float64 (slope/inter as the header stores them), then float32. */
function expectedHu(type: NiftiDatatype, stored: number[], version: 1 | 2): number[] {
  const { slope, inter } = SCALING[type];
  const s = version === 1 ? Math.fround(slope) : slope;
  const b = version === 1 ? Math.fround(inter) : inter;
  const scales = s !== 0 && Number.isFinite(s) && !(s === 1 && b === 0);
  const asStored = (v: number) => (type === 'float32' ? Math.fround(v) : v);
  return stored.map((v) => Math.fround(scales ? asStored(v) * s + b : asStored(v)));
}

const SHAPES: Record<string, number[]> = { '2-D': [5, 4], '3-D': [5, 4, 3] };

describe.each(ALL_DATATYPES)('%s', (type) => {
  for (const version of [1, 2] as const) {
    for (const littleEndian of [true, false]) {
      for (const ext of ['.nii', '.nii.gz']) {
        for (const [shapeName, dims] of Object.entries(SHAPES)) {
          const label = `NIfTI-${version} ${littleEndian ? 'LE' : 'BE'} ${ext} ${shapeName}`;
          it(`decodes to the expected HU: ${label}`, async () => {
            const n = dims.reduce((a, b) => a * b, 1);
            const stored = storedValues(type, n);
            const path = tmp.path(`${type}-${version}-${littleEndian}-${shapeName}${ext}`);
            await writeNifti(path, {
              dims, datatype: type, data: stored, pixdim: dims.map(() => 0.75), version, littleEndian,
              sclSlope: SCALING[type].slope, sclInter: SCALING[type].inter,
            });
            const slices = await readAllSlices(path);
            expect(slices.length).toBe(dims[2] ?? 1);
            expect(slices.map((s) => s.index)).toEqual(slices.map((_, k) => k));
            const hu = concatHu(slices);
            const expected = expectedHu(type, stored, version);
            const at = firstMismatch(hu, expected);
            expect(at, `first mismatch at voxel ${at}: got ${hu[at]}, expected ${expected[at]}`).toBe(-1);
          });
        }
      }
    }
  }
});

describe('scaling worked out by hand', () => {
  it('uint16 with scl_inter -1024 and int16 with slope 2, inter -1', async () => {
    const a = tmp.path('u16.nii.gz');
    await writeNifti(a, { dims: [3, 1], datatype: 'uint16', data: [0, 1024, 65535], pixdim: [1, 1], sclInter: -1024 });
    expect(concatHu(await readAllSlices(a))).toEqual([-1024, 0, 64511]);
    const b = tmp.path('i16.nii');
    await writeNifti(b, { dims: [4, 1], datatype: 'int16', data: [-32768, 0, 5, 32767], pixdim: [1, 1], sclSlope: 2, sclInter: -1 });
    expect(concatHu(await readAllSlices(b))).toEqual([-65537, -1, 9, 65533]);
  });

  it('a NIfTI-1 slope of 0.1 is the float32 0.1, applied in float64', async () => {
    const p = tmp.path('slope01.nii');
    await writeNifti(p, { dims: [2, 1], datatype: 'int16', data: [3, 9], pixdim: [1, 1], sclSlope: 0.1 });
    const s = Math.fround(0.1); // 0.10000000149011612
    expect(concatHu(await readAllSlices(p))).toEqual([Math.fround(3 * s), Math.fround(9 * s)]);
    // 9 is a value where the float32 slope shows through the float32 result: 0.90000004 rather than 0.9 (0.89999998).
    expect(Math.fround(9 * s)).not.toBe(Math.fround(9 * 0.1));
  });
});

describe('gzip is sniffed from the bytes, not the name', () => {
  const spec = { dims: [3, 2, 2], datatype: 'int16' as const, data: [1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6], pixdim: [1, 1, 1], sclInter: -1000 };
  const expected = spec.data.map((v) => v - 1000);

  it('reads gzip content named .nii', async () => {
    const p = tmp.path('actually-gzip.nii');
    writeFileSync(p, gzipSync(encodeNifti(spec)));
    expect(concatHu(await readAllSlices(p))).toEqual(expected);
  });

  it('reads plain content named .nii.gz', async () => {
    const p = tmp.path('actually-plain.nii.gz');
    writeFileSync(p, encodeNifti(spec));
    const source = await openNifti(p, STORED);
    await source.close();
    expect(concatHu(await readAllSlices(p))).toEqual(expected);
  });
});
