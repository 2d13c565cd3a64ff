import { describe, it, expect } from 'vitest';
import { encodeNifti } from '../../src/readers/nifti/write.js';
import { generatePhantom, type PhantomOptions } from '../../src/phantom/index.js';

const SMALL: PhantomOptions = { shape: [96, 96, 48], spacingMm: [3.5, 3.5, 6.25], seed: 11 };

describe('phantom determinism', () => {
  it('gives identical bytes and truth for the same seed', () => {
    const a = generatePhantom(SMALL);
    const b = generatePhantom(SMALL);
    expect(Buffer.from(encodeNifti(a.spec)).equals(Buffer.from(encodeNifti(b.spec)))).toBe(true);
    expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
  });

  it('gives different anatomy and noise for a different seed', () => {
    const a = generatePhantom(SMALL);
    const b = generatePhantom({ ...SMALL, seed: 12 });
    expect(Buffer.from(encodeNifti(a.spec)).equals(Buffer.from(encodeNifti(b.spec)))).toBe(false);
    expect(a.truth.volumesMl.lung.total).not.toBe(b.truth.volumesMl.lung.total);
  });

  it('changes only the noise, not the truth, when the noise level changes', () => {
    const a = generatePhantom(SMALL);
    const b = generatePhantom({ ...SMALL, noiseHu: 5 });
    expect(b.truth.slices).toEqual(a.truth.slices);
    expect(Buffer.from(encodeNifti(a.spec)).equals(Buffer.from(encodeNifti(b.spec)))).toBe(false);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generatePhantom({ ...SMALL, shape: [16, 96, 48] })).toThrow(RangeError);
    expect(() => generatePhantom({ ...SMALL, spacingMm: [0, 1, 1] })).toThrow(RangeError);
    expect(() => generatePhantom({ ...SMALL, orientation: 'LPL' })).toThrow(/same direction/);
    expect(() => generatePhantom({ ...SMALL, datatype: 'uint8', sclSlope: 0 })).toThrow(RangeError);
  });
});
