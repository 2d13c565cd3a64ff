import { describe, expect, it } from 'vitest';
import { ALL_DATATYPES, datatypeInfo, type NiftiDatatype } from '../../../src/readers/nifti/datatypes.js';
import { decodePlaneToSlice, PlaneScratch } from '../../../src/readers/nifti/decodePlane.js';
import { geometryOf } from '../../../src/readers/nifti/geometry.js';
import { bytesPerVoxel, parseNiftiHeader } from '../../../src/readers/nifti/header.js';
import { gatherSlice, planSlices } from '../../../src/readers/slicing.js';
import { encodeNifti } from '../../../src/readers/nifti/write.js';
import { decodeVoxels } from '../../../src/stages/read.js';
import { noise } from './fixtures.js';

/** In-plane storages with the axial axis last: as stored, LPS (both flipped), transposed (x stored second), one flip. */
const AFFINES: Record<string, number[]> = {
  RAS: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
  LPS: [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
  'transposed A-R': [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
  'transposed P-L': [0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
  'L-A': [-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
};

function values(datatype: NiftiDatatype, n: number): number[] {
  const range = datatypeInfo(datatype).range;
  if (!range) {
    const v = noise(n, -2000, 3000, 7);
    v[3] = NaN; v[5] = Infinity; v[8] = -Infinity; v[9] = -0;
    return v;
  }
  return noise(n, range[0], range[1], 7).map(Math.round);
}

/** Bit patterns, so NaN and -0 compare exactly. */
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('decodePlaneToSlice equals decodeVoxels then gatherSlice, bit for bit', () => {
  const [nx, ny, nz] = [7, 5, 3];
  for (const datatype of ALL_DATATYPES) {
    for (const littleEndian of [true, false]) {
      for (const [slope, inter] of [[1, 0], [0, 0], [0.5, -1024], [2.25, 3.5]]) {
        it(`${datatype} ${littleEndian ? 'LE' : 'BE'} slope ${slope} inter ${inter}`, () => {
          for (const [name, affine] of Object.entries(AFFINES)) {
            const bytes = encodeNifti({
              dims: [nx, ny, nz], datatype, data: values(datatype, nx * ny * nz), pixdim: [1, 1, 1], affine,
              sclSlope: slope, sclInter: inter, littleEndian,
            });
            const header = parseNiftiHeader(bytes);
            const plan = planSlices(geometryOf(header), 'canonical');
            const planeBytes = nx * ny * bytesPerVoxel(header);
            for (let k = 0; k < nz; k++) {
              // A copy at offset 0 (aligned), and one at an odd offset (the unaligned path).
              const raw = bytes.slice(header.voxOffset + k * planeBytes, header.voxOffset + (k + 1) * planeBytes);
              const odd = new Uint8Array(planeBytes + 1).subarray(1);
              odd.set(raw);
              const plane = new Float32Array(nx * ny);
              decodeVoxels(header, raw, plane);
              const expected = new Float32Array(plan.width * plan.height);
              gatherSlice(plan, plane, 0, expected);
              for (const input of [raw, odd]) {
                const got = new Float32Array(plan.width * plan.height).fill(12345);
                decodePlaneToSlice(header, plan, input, got, new PlaneScratch());
                expect(bits(got), `${name} k=${k} offset ${input.byteOffset}`).toEqual(bits(expected));
              }
            }
          }
        });
      }
    }
  }

  it('rejects a plan whose axial axis is not last, and buffers of the wrong size', () => {
    const bytes = encodeNifti({ dims: [4, 4, 2], datatype: 'int16', data: new Array(32).fill(0), pixdim: [1, 1, 1] });
    const header = parseNiftiHeader(bytes);
    const plan = planSlices(geometryOf(header), 'canonical');
    expect(() => decodePlaneToSlice(header, plan, new Uint8Array(32), new Float32Array(15), new PlaneScratch())).toThrow(/4x4/);
    expect(() => decodePlaneToSlice(header, plan, new Uint8Array(31), new Float32Array(16), new PlaneScratch())).toThrow(/32 bytes/);
    expect(() => decodePlaneToSlice(header, { ...plan, axialAxis: 0 }, new Uint8Array(32), new Float32Array(16), new PlaneScratch())).toThrow(/axial/);
  });
});
