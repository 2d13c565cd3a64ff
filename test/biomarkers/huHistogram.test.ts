import { describe, it, expect } from 'vitest';
import { RegionTally, TallyBuilder, huBinIndex, HU_BIN_MIN } from '../../src/biomarkers/huHistogram.js';
import { densityMeasures, percentileHu, laaPct } from '../../src/biomarkers/densityMeasures.js';

const VALUES = Float32Array.from([-3024, -2048, -1024.5, -1024, -1023.5, -1001, -1000.5, -1000, -999.5, -950, -949.5, -856, -500, -0.5, 0, 0.5, 40, 3071, NaN]);

describe('HU tallies', () => {
  it('the sparse builder and the voxel-by-voxel tally agree on counts and sums, edge values and NaN included', () => {
    const b = new TallyBuilder();
    b.addRange(VALUES, 0, 7);
    b.addRange(VALUES, 7, VALUES.length);
    const sparse = new RegionTally();
    sparse.add(b.take());
    const direct = new RegionTally();
    for (const v of VALUES) direct.addVoxel(v);
    expect(Array.from(sparse.counts)).toEqual(Array.from(direct.counts));
    expect(sparse.n).toBe(VALUES.length);
    expect(sparse.sumHu).toBeCloseTo(direct.sumHu, 6);
    expect(sparse.sumTissue).toBeCloseTo(direct.sumTissue, 6);
    expect(b.take()).toBeNull();
  });

  it('bins: lower edge, the ends take everything outside, NaN the lowest', () => {
    expect(huBinIndex(-3000) + HU_BIN_MIN).toBe(-1024);
    expect(huBinIndex(-1023.5) + HU_BIN_MIN).toBe(-1024);
    expect(huBinIndex(-950) + HU_BIN_MIN).toBe(-950);
    expect(huBinIndex(-949.5) + HU_BIN_MIN).toBe(-950);
    expect(huBinIndex(0) + HU_BIN_MIN).toBe(0);
    expect(huBinIndex(2000) + HU_BIN_MIN).toBe(0);
    expect(huBinIndex(NaN) + HU_BIN_MIN).toBe(-1024);
  });

  it('LAA (<=, as CIP), numpy-linear percentiles and mass on a known list', () => {
    const t = new RegionTally();
    for (const v of [-1000, -960, -950, -949, -900, -800, -700, -600, -500, -100]) t.addVoxel(v);
    expect(laaPct(t, -950)).toBe(30);
    expect(laaPct(t, -910)).toBe(40);
    // numpy.percentile([...], 15) = v[1] + 0.35 × (v[2] − v[1]) = -960 + 0.35 × 10
    expect(percentileHu(t, 15)).toBeCloseTo(-956.5, 9);
    expect(percentileHu(t, 50)).toBeCloseTo(-850, 9);
    const d = densityMeasures(t, 0.001);
    expect(d.meanHu).toBeCloseTo(-745.9, 9);
    // Σ (HU + 1000) / 1000 g/mL × 0.001 mL
    expect(d.massG).toBeCloseTo(((0 + 40 + 50 + 51 + 100 + 200 + 300 + 400 + 500 + 900) / 1000) * 0.001, 12);
  });
});
