import { describe, expect, it } from 'vitest';
import { NiftiError, parseNiftiHeader } from '../../../src/readers/nifti/header.js';
import { encodeNifti, type NiftiImageSpec } from '../../../src/readers/nifti/write.js';
import { patch } from './fixtures.js';

const SPEC: NiftiImageSpec = {
  dims: [4, 3, 2], datatype: 'int16', data: new Array(24).fill(0), pixdim: [0.5, 0.75, 2.5],
  sclSlope: 2, sclInter: -1, descrip: 'a test image',
};

function parseError(bytes: Uint8Array): NiftiError {
  try {
    parseNiftiHeader(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(NiftiError);
    return err as NiftiError;
  }
  throw new Error('expected parseNiftiHeader to throw');
}

describe('parseNiftiHeader reads what the writer wrote', () => {
  for (const version of [1, 2] as const) {
    for (const littleEndian of [true, false]) {
      it(`NIfTI-${version}, ${littleEndian ? 'little' : 'big'}-endian`, () => {
        const h = parseNiftiHeader(encodeNifti({ ...SPEC, version, littleEndian }));
        expect(h.version).toBe(version);
        expect(h.littleEndian).toBe(littleEndian);
        expect(h.sizeofHdr).toBe(version === 1 ? 348 : 540);
        expect(h.dim).toEqual([3, 4, 3, 2, 1, 1, 1, 1]);
        expect(h.pixdim.slice(0, 4)).toEqual([1, 0.5, 0.75, 2.5]);
        expect(h.datatype).toBe('int16');
        expect(h.datatypeCode).toBe(4);
        expect(h.bitpix).toBe(16);
        expect(h.voxOffset).toBe(version === 1 ? 352 : 544);
        expect([h.sclSlope, h.sclInter]).toEqual([2, -1]);
        expect([h.qformCode, h.sformCode, h.xyztUnits]).toEqual([1, 1, 2]);
        expect(h.srow).toEqual([0.5, 0, 0, 0, 0, 0.75, 0, 0, 0, 0, 2.5, 0]);
        expect(h.quatern).toEqual([0, 0, 0]);
        expect(h.descrip).toBe('a test image');
      });
    }
  }

  it('keeps NIfTI-1 pixdims as the stored float32 values', () => {
    const h = parseNiftiHeader(encodeNifti({ ...SPEC, pixdim: [0.53394, 0.533586, 1] }));
    expect(h.pixdim[1]).toBe(Math.fround(0.53394));
    expect(h.pixdim[1]).not.toBe(0.53394);
  });
});

describe('parseNiftiHeader errors say what is wrong and where', () => {
  const v1 = () => encodeNifti(SPEC);

  it('an empty file', () => {
    const e = parseError(new Uint8Array(0));
    expect(e.code).toBe('truncated');
    expect(e.message).toBe('the file is empty (0 bytes); a NIfTI-1 header alone needs 348 bytes');
  });

  it('too few bytes', () => {
    const e = parseError(v1().subarray(0, 200));
    expect(e.code).toBe('truncated');
    expect(e.message).toBe('the NIfTI-1 header needs 348 bytes but only 200 bytes are there');
  });

  it('bad magic', () => {
    const e = parseError(patch(v1(), (v) => { v.setUint8(344, 0x78); v.setUint8(345, 0x79); }));
    expect(e.code).toBe('not-nifti');
    expect(e.message).toContain('no NIfTI-1 magic at byte 344: found "xy1"');
  });

  it('a two-file (ni1) header', () => {
    const e = parseError(patch(v1(), (v) => v.setUint8(345, 'i'.charCodeAt(0))));
    expect(e.code).toBe('not-nifti');
    expect(e.message).toContain('two-file');
  });

  it('bad sizeof_hdr with a valid magic', () => {
    const e = parseError(patch(v1(), (v) => v.setInt32(0, 349, true)));
    expect(e.code).toBe('bad-sizeof-hdr');
    expect(e.message).toContain('sizeof_hdr (bytes 0-3) is 349 read little-endian');
    expect(e.message).toContain('the NIfTI-1 magic "n+1" is at byte 344: a corrupt header');
  });

  it('random bytes are not NIfTI', () => {
    const e = parseError(new Uint8Array(400).fill(7));
    expect(e.code).toBe('not-nifti');
  });

  it('gzip bytes are named as such', () => {
    const e = parseError(new Uint8Array([0x1f, 0x8b, 8, 0, ...new Array(400).fill(0)]));
    expect(e.code).toBe('not-nifti');
    expect(e.message).toContain('gzip');
  });

  it('unknown datatype code', () => {
    const e = parseError(patch(v1(), (v) => v.setInt16(70, 17, true)));
    expect(e.code).toBe('unsupported-datatype');
    expect(e.message).toBe('datatype code 17 (bytes 70-71) is not a NIfTI datatype');
  });

  it('a NIfTI datatype this reader does not decode', () => {
    const e = parseError(patch(v1(), (v) => v.setInt16(70, 32, true)));
    expect(e.code).toBe('unsupported-datatype');
    expect(e.message).toContain('datatype code 32 (bytes 70-71) is complex64, which is not supported');
  });

  it('zero and negative dims', () => {
    let e = parseError(patch(v1(), (v) => v.setInt16(44, 0, true)));
    expect(e.code).toBe('bad-dims');
    expect(e.message).toContain('dim[2] is 0 (dims 4x0x2)');
    e = parseError(patch(v1(), (v) => v.setInt16(46, -5, true)));
    expect(e.code).toBe('bad-dims');
    expect(e.message).toContain('dim[3] is -5');
    e = parseError(patch(v1(), (v) => v.setInt16(40, 9, true)));
    expect(e.code).toBe('bad-dims');
    expect(e.message).toContain('dim[0] (the number of dimensions) is 9');
  });

  it('vox_offset inside the header', () => {
    const e = parseError(patch(v1(), (v) => v.setFloat32(108, 100, true)));
    expect(e.code).toBe('bad-vox-offset');
    expect(e.message).toContain('vox_offset is 100');
  });

  it('a valid slope with a NaN intercept', () => {
    const e = parseError(patch(v1(), (v) => v.setFloat32(116, NaN, true)));
    expect(e.code).toBe('bad-scaling');
  });

  it('a NIfTI-2 magic mangled by a text-mode transfer', () => {
    const e = parseError(patch(encodeNifti({ ...SPEC, version: 2 }), (v) => v.setUint8(8, 0x0a)));
    expect(e.code).toBe('not-nifti');
    expect(e.message).toContain('0a 0a 1a 0a');
  });
});
