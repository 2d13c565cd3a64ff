import type { ReadParams } from '../../src/stages/read.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seed } from '../../pipeline.config.js';
import { openNifti } from '../../src/readers/nifti/open.js';
import { runSliceChain } from '../../src/chain/sliceChain.js';
import type { HuSlice } from '../../src/stages/types.js';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';

const SLICES = Array.from({ length: 21 }, (_, i) => `slice${String(i + 1).padStart(3, '0')}`);

/** name → [lung mm², vessel mm², ratio %] from a third-party run of the tutorial's scripts (no header row). */
function publishedTable(): Map<string, [number, number, number]> {
  const rows = readFileSync(sharedFile('seed-results/thegabrielsn/CSV/vessel_volumes.csv'), 'utf8').split(/\r*\n/).filter(Boolean);
  return new Map(rows.map((r) => {
    const [name, lung, vessel, ratio] = r.split(',');
    return [name, [Number(lung), Number(vessel), Number(ratio)]];
  }));
}

function publishedLungAreas(file: string): Map<string, number> {
  const rows = readFileSync(sharedFile(file), 'utf8').split(/\r*\n/).filter(Boolean);
  return new Map(rows.map((r) => {
    const [name, lung] = r.split(',');
    return [name.replace(/^\\/, ''), Number(lung)];
  }));
}

function authorRatios(): Map<string, number> {
  const rows = readFileSync(sharedFile('seed-results/author_notebook_vessel_ratio.csv'), 'utf8').split(/\r?\n/).filter(Boolean).slice(1);
  return new Map(rows.map((r) => {
    const [name, ratio] = r.split(',');
    return [name, Number(ratio)];
  }));
}

async function onlySlice(path: string, read: ReadParams = seed.read): Promise<HuSlice> {
  const source = await openNifti(path, read);
  try {
    const slices: HuSlice[] = [];
    for await (const s of source.slices()) slices.push(s);
    expect(slices).toHaveLength(1);
    return slices[0];
  } finally {
    await source.close();
  }
}

function expectRelClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
}

const tutorial = needSharedData('seed preset reproduces the tutorial on its 21 slices', 'seed-slices', 'seed-results');

describe.skipIf(tutorial.skip)(tutorial.title, () => {
  const table = tutorial.skip ? new Map() : publishedTable();
  const jpaku = tutorial.skip ? new Map() : publishedLungAreas('seed-results/jpaku93/lung_volumes.csv');
  const author = tutorial.skip ? new Map() : authorRatios();

  it.each(SLICES)('%s: areas, ratio and both masks equal the published ones', async (name) => {
    const ct = await onlySlice(sharedFile(`seed-slices/${name}.nii.gz`));
    const result = runSliceChain(seed, ct, { keepMasks: true, timeStages: false });
    const m = result.measurement;
    const [lung, vessel, ratio] = table.get(name)!;

    expectRelClose(m.lungAreaMm2, lung);
    expectRelClose(m.vesselAreaMm2, vessel);
    expectRelClose(m.vesselRatioPct!, ratio);
    expectRelClose(m.lungAreaMm2, jpaku.get(name)!);
    expectRelClose(m.vesselRatioPct!, author.get(name)!);
    // Stronger than 1e-9: the same float64, as the seed notes found with Python.
    expect(m.lungAreaMm2).toBe(lung);
    expect(m.vesselRatioPct).toBe(ratio);

    const stored = { spacing: 'geometry', orientation: 'stored' } as const;
    const lungMask = await onlySlice(sharedFile(`seed-results/thegabrielsn/LUNGS/${name}_mask.nii.gz`), stored);
    const vesselMask = await onlySlice(sharedFile(`seed-results/thegabrielsn/Vessels/${name}_vessel_only_mask.nii.gz`), stored);
    expect(lungMask.width * lungMask.height).toBe(ct.width * ct.height);
    expect(mismatches(result.lungMask!, lungMask.hu)).toBe(0);
    expect(mismatches(result.vesselMask!, vesselMask.hu)).toBe(0);
    expect(m.lungPixels).toBeGreaterThan(1000);
  });
});

/** Pixels where our 0/1 mask and the published 0/255 mask disagree. */
function mismatches(ours: Uint8Array, published: Float32Array): number {
  let n = 0;
  for (let i = 0; i < ours.length; i++) if ((ours[i] !== 0) !== (published[i] !== 0)) n++;
  return n;
}
