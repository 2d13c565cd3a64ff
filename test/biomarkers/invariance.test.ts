/**
 * The per-region numbers do not depend on how the phantom is stored: the six lossless encodings/orientations the
 * generator offers give identical rows (BV5/BV10 included: 1.2 mm voxels), and 8-bit storage (16 HU steps) moves
 * only the density measures, by its quantisation.
 */
import { fileTarget } from '../../src/readers/scanTarget.js';
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePhantom, type PhantomOptions } from '../../src/phantom/index.js';
import { writeNifti } from '../../src/readers/nifti/write.js';
import { runScanTask } from '../../src/worker.js';
import { defaultPreset } from '../../pipeline.config.js';

const dir = mkdtempSync(join(tmpdir(), 'lungflow-bm-inv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BASE: PhantomOptions = { shape: [176, 160, 150], spacingMm: [1.2, 1.2, 1.2], seed: 6601 };

async function regions(v: Partial<PhantomOptions>) {
  const opts = { ...BASE, ...v };
  const path = join(dir, `p-${opts.orientation}-${opts.datatype}.nii.gz`);
  await writeNifti(path, generatePhantom(opts).spec);
  const r = await runScanTask({ config: defaultPreset, target: fileTarget(path), masks: null, timeStages: false });
  if (!r.ok) throw new Error(r.message);
  return r.measurements.biomarkers!.regions;
}

describe('regions across stored encodings and orientations', async () => {
  const ref = await regions({ orientation: 'RAS', datatype: 'int16' });

  it('the reference has vessel sizes and density', () => {
    expect(ref[0].bv5Ml).toBeGreaterThan(0);
    expect(ref[0].bv10Ml).toBeGreaterThan(ref[0].bv5Ml!);
    expect(ref[0].perc15Hu).toBeLessThan(-800);
  });

  for (const v of [
    { orientation: 'LPS', datatype: 'int16', version: 2, littleEndian: false },
    { orientation: 'LPI', datatype: 'uint16' },
    { orientation: 'ASR', datatype: 'float32', version: 2 },
    { orientation: 'RPI', datatype: 'int32', littleEndian: false },
    { orientation: 'SLA', datatype: 'float64' },
  ] as Partial<PhantomOptions>[]) {
    it(`${v.orientation} ${v.datatype}: identical rows`, async () => {
      const got = await regions(v);
      got.forEach((r, i) => {
        for (const [k, value] of Object.entries(r)) {
          const want = (ref[i] as unknown as Record<string, unknown>)[k];
          // Relative 1e-6: the header stores the spacing as float32, and orientations round it differently.
          if (typeof value === 'number') expect(Math.abs(value - (want as number)), `${r.region}.${k}`).toBeLessThanOrEqual(1e-6 * Math.abs(want as number));
          else expect(value, `${r.region}.${k}`).toEqual(want);
        }
      });
    });
  }

  it('PIR uint8 (16 HU steps): same volumes and vessel sizes, density within its quantisation', async () => {
    const got = await regions({ orientation: 'PIR', datatype: 'uint8' });
    got.forEach((r, i) => {
      expect(Math.abs(r.volumeMl / ref[i].volumeMl - 1), r.region).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(r.bv5Ml! / ref[i].bv5Ml! - 1), r.region).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(r.perc15Hu! - ref[i].perc15Hu!), r.region).toBeLessThanOrEqual(16);
      expect(Math.abs(r.meanHu! - ref[i].meanHu!), r.region).toBeLessThanOrEqual(2);
    });
  });
});
