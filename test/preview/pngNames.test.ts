import { describe, expect, it } from 'vitest';
import { montagePngName, slicePngName } from '../../src/preview/pngNames.js';

describe('preview file names', () => {
  it('zero-pad the slice index to the digits of the scan\'s last index', () => {
    expect(slicePngName('ct_1a2b', 7, 300)).toBe('ct_1a2b_s007.png');
    expect(slicePngName('ct_1a2b', 299, 300)).toBe('ct_1a2b_s299.png');
    expect(slicePngName('ct', 5, 48)).toBe('ct_s05.png');
    expect(slicePngName('ct', 9, 10)).toBe('ct_s9.png');
    expect(slicePngName('ct', 0, 1)).toBe('ct_s0.png');
    expect(slicePngName('ct', 42, 1000)).toBe('ct_s042.png');
    expect(montagePngName('ct_1a2b')).toBe('ct_1a2b_montage.png');
  });

  it('sort in slice order as text, whatever the slice count', () => {
    for (const nSlices of [1, 9, 10, 11, 99, 100, 101, 300, 1000, 1001]) {
      const indices = [...new Set([0, 1, 2, 9, 10, 11, 99, 100, 101, 999, 1000].filter((i) => i < nSlices)), nSlices - 1];
      const names = [...new Set(indices)].map((i) => slicePngName('ct', i, nSlices));
      expect([...names].sort(), `${nSlices} slices`).toEqual(names);
    }
  });
});
