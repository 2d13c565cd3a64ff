/**
 * The default preset on the real CT files in ../shared/data (never copied into the repo), read through
 * openNifti (canonical slices, geometric spacing) as the runner reads them.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { runDefaultOnFile } from '../../bench/defaultOnFile.js';
import type { SliceCandidates } from '../../src/stages/anatomy.js';
import type { AssembledScan } from '../../src/volume/assembleScan.js';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';


async function measure(path: string): Promise<{ sc: SliceCandidates[]; scan: AssembledScan }> {
  const r = await runDefaultOnFile(path);
  return { sc: r.candidates, scan: r.scan };
}

/**
 * Every lung region lies inside the body's bounding box and within 45 % of the body's width from its midline:
 * arms beside the body and the table under it lie outside the body's box.
 */
function expectLungInsideBody(sc: readonly SliceCandidates[], scan: AssembledScan): void {
  for (const s of sc) {
    for (const id of scan.lungRegionsOf(s.index)) {
      const r = s.candidates[id];
      const body = s.body!;
      const [bx0, by0, bx1, by1] = body.bbox;
      expect(r.bbox[0] >= bx0 && r.bbox[2] <= bx1 && r.bbox[1] >= by0 && r.bbox[3] <= by1, `slice ${s.index} region ${id}`).toBe(true);
      expect(Math.abs(r.centroidX - body.midlineX), `slice ${s.index} region ${id}`).toBeLessThan(0.45 * (bx1 - bx0));
    }
  }
}

const realFiles = needSharedData(
  'default preset on the real files',
  'totalsegmentator', 'tcia-chest-ct-sample', 'lungmask-testdata', 'seed-results/thegabrielsn/CSV', 'seed-slices',
);

describe.skipIf(realFiles.skip)(realFiles.title, () => {
  it('TotalSegmentator abdomen CT (3 mm): lung bases only at the top, no bowel gas, coverage flagged', async () => {
    const { sc, scan } = await measure(sharedFile('totalsegmentator/example_ct.nii.gz'));
    expectLungInsideBody(sc, scan);
    const withLung = scan.slices.filter((s) => s.lungAreaMm2 > 0).map((s) => s.index);
    // The posterior lung bases appear in the top slices (index grows toward superior here); bowel gas below them
    // (slices 55–100 hold large gas pockets) is never lung.
    expect(Math.min(...withLung)).toBeGreaterThanOrEqual(95);
    const top = scan.slices[scan.slices.length - 1];
    expect(top.leftAreaMm2).toBeGreaterThan(2000);
    expect(top.rightAreaMm2).toBeGreaterThan(2000);
    expect(scan.flags).toEqual(['incomplete-coverage: lung touches the last slice (superior end)']);
  });

  it('TotalSegmentator DICOM slices (upper abdomen, arms beside the body): no lung, no arms', async () => {
    const { sc, scan } = await measure(sharedFile('totalsegmentator/example_ct_dicom_10slices.nii.gz'));
    expectLungInsideBody(sc, scan);
    expect(scan.lungVolumeMl).toBeLessThan(5);
  });

  it('TCIA thoracic inlet (shoulders, table): both lung apices, nothing else', async () => {
    const { sc, scan } = await measure(sharedFile('tcia-chest-ct-sample/tcia_sts007_chest_5slices.nii.gz'));
    expectLungInsideBody(sc, scan);
    for (const s of scan.slices) {
      expect(s.leftAreaMm2, `slice ${s.index}`).toBeGreaterThan(300);
      expect(s.rightAreaMm2, `slice ${s.index}`).toBeGreaterThan(300);
      expect(s.nLungRegions, `slice ${s.index}`).toBeLessThanOrEqual(4);
    }
    // Apices growing downward: 0.9, 1.8, 2.4, 3.2, 4.1 × 1000 mm² (index 0 is the superior end).
    const areas = scan.slices.map((s) => s.lungAreaMm2);
    for (let k = 1; k < areas.length; k++) expect(areas[k]).toBeGreaterThan(areas[k - 1]);
  });

  it('lungmask test slices (heart level): both lungs with vessels', async () => {
    const { sc, scan } = await measure(sharedFile('lungmask-testdata/lungmask_testdata_2slices.nii.gz'));
    expectLungInsideBody(sc, scan);
    for (const s of scan.slices) {
      expect(s.leftAreaMm2).toBeGreaterThan(5000);
      expect(s.rightAreaMm2).toBeGreaterThan(5000);
      expect(s.vesselRatioPct!).toBeGreaterThan(5);
      expect(s.vesselRatioPct!).toBeLessThan(30);
    }
  });

  it("tutorial slices (2-D files): both lungs in every slice, areas within a few % of the tutorial's", async () => {
    const rows = readFileSync(sharedFile('seed-results/thegabrielsn/CSV/lung_volumes.csv'), 'utf8')
      .split(/\r*\n/)
      .filter(Boolean)
      .map((l) => l.split(','));
    expect(rows.length).toBe(21);
    const diffs: number[] = [];
    for (const [name, published] of rows) {
      const { sc, scan } = await measure(sharedFile(`seed-slices/${name}.nii.gz`));
      expectLungInsideBody(sc, scan);
      const s = scan.slices[0];
      expect(s.leftAreaMm2, name).toBeGreaterThan(0.15 * s.lungAreaMm2);
      expect(s.rightAreaMm2, name).toBeGreaterThan(0.15 * s.lungAreaMm2);
      diffs.push((s.lungAreaMm2 / Number(published) - 1) * 100);
    }
    // Measured: median +1.27 %, from -0.47 % to +7.12 % (slice020: hilar vessels given back by the closing, which
    // the tutorial leaves out); the tutorial's outline erase alone loses ~2 %.
    const sorted = [...diffs].sort((a, b) => a - b);
    expect(Math.abs(sorted[10])).toBeLessThanOrEqual(2);
    for (const d of diffs) expect(Math.abs(d)).toBeLessThanOrEqual(8);
  });
});
