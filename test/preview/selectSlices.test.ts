import { describe, expect, it } from 'vitest';
import { parseSliceSpec, selectSlices, type SliceArea } from '../../src/preview/selectSlices.js';
import { previewBaseName } from '../../src/preview/catalog.js';

/** Slices 0..11; lung on 2..10, largest on 5. */
const AREAS: SliceArea[] = [0, 0, 100, 300, 400, 900, 800, 700, 500, 200, 50, 0].map((a, index) => ({ index, lungAreaMm2: a }));

describe('slice selection', () => {
  it('max-lung: the largest slice and the slices at 25 % and 75 % of the lung extent', () => {
    // Extent 2..10: 2 + round(0.25 × 8) = 4, 2 + round(0.75 × 8) = 8; largest is 5.
    expect(selectSlices({ kind: 'max-lung' }, AREAS, 12)).toEqual({ indices: [4, 5, 8], note: null });
  });

  it('max-lung: collapses repeats and takes the first of equal maxima', () => {
    // Lung on 3..5 only, 4 and 5 equal: 3 + round(0.5) = 4, 3 + round(1.5) = 5; the largest is 4 (first).
    const areas = [0, 0, 0, 10, 20, 20].map((a, index) => ({ index, lungAreaMm2: a }));
    expect(selectSlices({ kind: 'max-lung' }, areas, 6).indices).toEqual([4, 5]);
  });

  it('max-lung without any lung shows the middle slice and says why', () => {
    const choice = selectSlices({ kind: 'max-lung' }, AREAS.map((a) => ({ ...a, lungAreaMm2: 0 })), 12);
    expect(choice.indices).toEqual([6]);
    expect(choice.note).toMatch(/no lung/);
  });

  it('mid and explicit lists; indexes past the end are dropped with a note', () => {
    expect(selectSlices({ kind: 'mid' }, [], 48).indices).toEqual([24]);
    expect(selectSlices(parseSliceSpec('3,1,3,20'), AREAS, 12)).toEqual({ indices: [1, 3], note: 'slice 20 outside 0..11' });
  });

  it('parses max-lung, mid and N,N,… and rejects anything else', () => {
    expect(parseSliceSpec('max-lung')).toEqual({ kind: 'max-lung' });
    expect(parseSliceSpec('MID')).toEqual({ kind: 'mid' });
    expect(parseSliceSpec('30, 10,20')).toEqual({ kind: 'list', indices: [10, 20, 30] });
    for (const bad of ['', 'max', '1,a', '-1', '1.5', '1,,2']) expect(() => parseSliceSpec(bad), bad).toThrow(/max-lung, mid/);
  });

  it('names pictures after the masks', () => {
    expect(previewBaseName('/m/ct_1a2b3c4d_lung.nii.gz')).toBe('ct_1a2b3c4d');
    expect(previewBaseName('/m/odd.nii')).toBe('odd');
  });
});
