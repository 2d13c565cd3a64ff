import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../nifti/fixtures.js';
import { CANONICAL, openFolder, pattern, readAll, rejection, slice, writeSeries } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const STORED = { spacing: 'geometry', orientation: 'stored' } as const;

describe('a DICOM series: geometry from the data', () => {
  it('orders shuffled files by position along the normal (not names, not InstanceNumber) and keeps every value', async () => {
    const dir = join(tmp.dir, 'shuffled');
    const order = [3, 0, 5, 1, 4, 2];
    // InstanceNumbers run against the positions: they must not decide the order.
    writeSeries(dir, order.map((k) => slice({ k, instanceNumber: 100 - k })), order.map((_, i) => `b${i}.dcm`).reverse());
    const source = await openFolder(dir, STORED);
    expect(source.format).toBe('dicom');
    expect(source.path).toBe(dir);
    expect(source.geometry.dims).toEqual([24, 20, 6]);
    expect(source.geometry.spacingMm).toEqual([0.8, 0.7, 2.5]);
    // LPS -> RAS: x and y rows negated; origin is the lowest slice's ImagePositionPatient.
    expect(source.geometry.affine).toEqual([-0.8, 0, 0, 10, 0, -0.7, 0, 8, 0, 0, 2.5, 0, 0, 0, 0, 1]);
    expect(source.nifti).toEqual({ dim: [3, 24, 20, 6, 1, 1, 1, 1], pixdim: [1, 0.8, 0.7, 2.5, 1, 1, 1, 1], qformCode: 1, sformCode: 1, xyztUnits: 2 });
    expect(source.notes).toEqual([]);
    expect(source.sliceWeightsMm).toBeUndefined();
    expect(source.dicom).toMatchObject({ seriesInstanceUid: '2.25.1002', modality: 'CT', sliceThicknessMm: 2.5, kvp: 120, patientId: 'PHANTOM' });
    const slices = await readAll(source);
    expect(slices.map((s) => s.hu[0])).toEqual([0, 1, 2, 3, 4, 5].map((k) => pattern(24, 20, k)[0]));
    slices.forEach((s, k) => expect([...s.hu]).toEqual([...pattern(24, 20, k)]));
  });

  it('gives canonical slices (x toward R, y toward A): the LPS image flipped in both axes', async () => {
    const dir = join(tmp.dir, 'canonical');
    writeSeries(dir, [0, 1].map((k) => slice({ k })));
    const [first] = await readAll(await openFolder(dir, CANONICAL));
    const stored = pattern(24, 20, 0);
    expect(first.hu[0]).toBe(stored[24 * 20 - 1]);
    expect(first.spacingMm).toEqual([0.8, 0.7]);
  });

  it('measures a missing slice: flagged uneven-slice-spacing with the numbers, each slice weighted by its own spacing', async () => {
    const dir = join(tmp.dir, 'missing');
    writeSeries(dir, [0, 1, 2, 4, 5].map((k) => slice({ k })));
    const source = await openFolder(dir);
    expect(source.geometry.spacingMm[2]).toBe(2.5);
    expect(source.sliceWeightsMm).toEqual([2.5, 2.5, 3.75, 3.75, 2.5]);
    expect(source.notes).toEqual([
      'uneven-slice-spacing: median gap 2.5 mm, min 2.5, max 5; 1 gap differ by more than 1%: 5 mm after slice 2; about 1 slice missing; each slice weighted by its own spacing',
    ]);
    expect(await readAll(source)).toHaveLength(5);
  });

  it('measures uneven spacing without a missing slice', async () => {
    const dir = join(tmp.dir, 'uneven');
    const z = [0, 2, 4, 7, 10];
    writeSeries(dir, z.map((at, k) => slice({ k, imagePositionPatient: [-10, -8, at] })));
    const source = await openFolder(dir);
    expect(source.geometry.spacingMm[2]).toBe(2.5);
    expect(source.sliceWeightsMm).toEqual([2, 2, 2.5, 3, 3]);
    expect(source.notes[0]).toMatch(/^uneven-slice-spacing: median gap 2\.5 mm, min 2, max 3; 4 gaps differ .*each slice weighted by its own spacing$/);
    expect(source.notes[0]).not.toMatch(/missing/);
  });

  it('flags a gantry tilt, measures along the slice normal and shears the affine to the real positions', async () => {
    const dir = join(tmp.dir, 'tilt');
    // Each slice 2.5 mm up and 0.5 mm posterior: about 11.3 degrees of tilt.
    writeSeries(dir, [0, 1, 2, 3].map((k) => slice({ k, imagePositionPatient: [-10, -8 + 0.5 * k, 2.5 * k] })));
    const source = await openFolder(dir);
    expect(source.geometry.spacingMm[2]).toBe(2.5);
    expect(source.sliceWeightsMm).toBeUndefined();
    expect(source.notes).toHaveLength(1);
    expect(source.notes[0]).toMatch(/^gantry-tilt: slices step 11\.3 degrees off the slice normal/);
    const a = source.geometry.affine;
    expect([a[2], a[6], a[10]]).toEqual([-0, -0.5, 2.5].map((v) => v + 0));
  });

  it('fails duplicate positions, naming both files', async () => {
    const dir = join(tmp.dir, 'duplicate');
    const files = writeSeries(dir, [slice({ k: 0 }), slice({ k: 1 }), slice({ k: 1, sopInstanceUid: '2.25.9' })], ['a.dcm', 'b.dcm', 'c.dcm']);
    const e = await rejection(openFolder(dir));
    expect(e?.code).toBe('dicom-duplicate-position');
    expect(e?.message).toBe(`two slices share a position: ${files[1]} and ${files[2]} both lie at 2.5 mm along the slice normal (ImagePositionPatient -10\\-8\\2.5 and -10\\-8\\2.5)`);
  });

  it('fails mixed image sizes and mixed orientations inside one series', async () => {
    const sizes = join(tmp.dir, 'sizes');
    const f = writeSeries(sizes, [slice({ k: 0 }), slice({ k: 1, columns: 26 })], ['a.dcm', 'b.dcm']);
    const e = await rejection(openFolder(sizes));
    expect(e?.code).toBe('dicom-mixed-sizes');
    expect(e?.message).toBe(`the series mixes image sizes: ${f[0]} is 24x20 (columns x rows) but ${f[1]} is 26x20`);

    const orient = join(tmp.dir, 'orientations');
    const g = writeSeries(orient, [slice({ k: 0 }), slice({ k: 1, imageOrientationPatient: [1, 0, 0, 0, 0, -1] })], ['a.dcm', 'b.dcm']);
    const o = await rejection(openFolder(orient));
    expect(o?.code).toBe('dicom-mixed-orientation');
    expect(o?.message).toBe(`the series mixes orientations: ${g[0]} has ImageOrientationPatient 1\\0\\0\\0\\1\\0 but ${g[1]} has 1\\0\\0\\0\\0\\-1`);
  });

  it('fails a file of another series handed in with this one', async () => {
    const dir = join(tmp.dir, 'other-series');
    const f = writeSeries(dir, [slice({ k: 0 }), slice({ k: 1, seriesInstanceUid: '2.25.77' })], ['a.dcm', 'b.dcm']);
    const e = await rejection(openFolder(dir, CANONICAL, '2.25.1002'));
    expect(e?.code).toBe('dicom-mixed-series');
    expect(e?.message).toBe(`${f[1]} belongs to series 2.25.77, not to 2.25.1002`);
  });

  it('applies RescaleSlope/Intercept per file, and reads unsigned data with padding', async () => {
    const dir = join(tmp.dir, 'rescale');
    const u = new Uint16Array(24 * 20).fill(1024);
    u[0] = 65535;
    writeSeries(dir, [
      slice({ k: 0, pixels: u, rescaleIntercept: -1024, pixelPaddingValue: 65535 }),
      slice({ k: 1, pixels: new Uint16Array(24 * 20).fill(600), rescaleSlope: 2, rescaleIntercept: -2048 }),
    ]);
    const [a, b] = await readAll(await openFolder(dir, STORED));
    // The padding would read as 64511 HU (bone); it becomes air.
    expect(a.hu[0]).toBe(-1024);
    expect(a.hu[1]).toBe(0);
    expect(b.hu[5]).toBe(-848);
  });

  it('reads a single slice with its thickness as the slice spacing', async () => {
    const dir = join(tmp.dir, 'single');
    writeSeries(dir, [slice({ k: 0, sliceThicknessMm: 5 })]);
    const source = await openFolder(dir);
    expect(source.geometry.spacingMm).toEqual([0.8, 0.7, 5]);
    expect(source.notes).toEqual([]);
    expect(await readAll(source)).toHaveLength(1);
  });
});
