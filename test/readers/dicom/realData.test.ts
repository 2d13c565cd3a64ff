import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPreset, seed } from '../../../pipeline.config.js';
import type { PipelineConfig } from '../../../src/config/pipelineConfig.js';
import { readDicomFileHeader } from '../../../src/readers/dicom/fileHeader.js';
import { openDicomSeries } from '../../../src/readers/dicom/series.js';
import { openVolume } from '../../../src/readers/openVolume.js';
import { fileTarget } from '../../../src/readers/scanTarget.js';
import type { VolumeSource } from '../../../src/readers/volumeSource.js';
import type { ScanMeasurements } from '../../../src/results.js';
import { measureScan, runSliceTask } from '../../../src/worker.js';
import type { SliceTaskResult } from '../../../src/scanTask.js';
import { needSharedData, sharedFile } from '../../helpers/sharedData.js';

/** Measures a source as the worker does (every slice through the preset's chain, then the scan's measuring). */
async function measure(config: PipelineConfig, source: VolumeSource): Promise<ScanMeasurements> {
  const results: SliceTaskResult[] = [];
  try {
    for await (const slice of source.slices()) {
      results[slice.index] = runSliceTask({ config, slice, keepMasks: false, timeStages: false, scanPath: source.path });
    }
    return await measureScan(config, source, results, null, () => {});
  } finally {
    await source.close();
  }
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).sort().map((f) => join(dir, f));
}

/** A test of one real case: where its data is missing it is skipped, its title naming what and where. */
function realCase(relative: string, title: string, fn: () => Promise<void>, timeout?: number): void {
  const need = needSharedData(title, relative);
  it.skipIf(need.skip)(need.title, fn, timeout);
}

const CPTAC = sharedFile('realct', 'cptac-lscc-C3N-00247-dlwpt');
const TOTALSEG = sharedFile('totalsegmentator');
const PYDICOM = sharedFile('pydicom-ct-small');
const LUNGMASK = sharedFile('lungmask-testdata');
const TCIA = sharedFile('tcia-chest-ct-sample');

async function compare(config: PipelineConfig, files: string[], nifti: string) {
  const dicom = await openDicomSeries({ folder: 'series', seriesUid: '', files }, config.read);
  const niftiSource = await openVolume(fileTarget(nifti), config.read);
  expect(dicom.plan).toEqual(niftiSource.plan);
  // NIfTI stores pixdim as float32: the DICOM's decimal spacing equals it to float32 precision.
  dicom.spacingMm.forEach((s, i) => expect(Math.fround(s)).toBe(niftiSource.spacingMm[i]));
  const [a, b] = [await measure(config, dicom), await measure(config, niftiSource)];
  return { dicom: a, nifti: b, notes: dicom.notes };
}

describe('real DICOM series give the numbers of their NIfTI conversions', () => {
  realCase('realct/cptac-lscc-C3N-00247-dlwpt/dicom', 'CPTAC C3N-00247: 99 slices, per-slice areas identical to ct.nii.gz', async () => {
    const { dicom, nifti, notes } = await compare(defaultPreset, filesIn(join(CPTAC, 'dicom')), join(CPTAC, 'ct.nii.gz'));
    expect(notes).toEqual([]);
    expect(dicom.slices).toHaveLength(99);
    expect(dicom.slices).toEqual(nifti.slices);
    expect(dicom.lungVolumeMl).toBe(nifti.lungVolumeMl);
    expect(dicom.lungVolumeMl).toBeGreaterThan(1000);
    expect(dicom.flags).toEqual(nifti.flags);
  }, 240_000);

  realCase('totalsegmentator/example_ct_dicom', 'TotalSegmentator (JPEG 2000): its first 10 slices by InstanceNumber give the numbers of example_ct_dicom_10slices.nii.gz', async () => {
    const headers = await Promise.all(filesIn(join(TOTALSEG, 'example_ct_dicom')).map((f) => readDicomFileHeader(f)));
    expect(headers.every((h) => h?.transferSyntaxUid === '1.2.840.10008.1.2.4.90')).toBe(true);
    const first10 = headers.sort((x, y) => x!.instanceNumber! - y!.instanceNumber!).slice(0, 10).map((h) => h!.path);
    const { dicom, nifti } = await compare(defaultPreset, first10, join(TOTALSEG, 'example_ct_dicom_10slices.nii.gz'));
    expect(dicom.slices).toEqual(nifti.slices);
    expect(dicom.lungVolumeMl).toBe(nifti.lungVolumeMl);
    expect(dicom.vesselVolumeMl).toBe(nifti.vesselVolumeMl);
  }, 240_000);

  realCase('pydicom-ct-small', 'pydicom CT_small (one 128x128 slice): read as one 5 mm slice, the numbers of CT_small.nii.gz to float32 precision', async () => {
    for (const config of [defaultPreset, seed]) {
      const { dicom, nifti, notes } = await compare(config, [join(PYDICOM, 'CT_small.dcm')], join(PYDICOM, 'CT_small.nii.gz'));
      expect(notes).toEqual([]);
      expect(dicom.slices).toHaveLength(1);
      // The pixel spacing 0.661468 mm is not a float32: areas differ from the NIfTI's in the 7th digit, no more.
      const [a, b] = [dicom.slices[0], nifti.slices[0]];
      expect({ ...a, lungAreaMm2: 0, vesselAreaMm2: 0, leftAreaMm2: 0, rightAreaMm2: 0, vesselRatioPct: 0 })
        .toEqual({ ...b, lungAreaMm2: 0, vesselAreaMm2: 0, leftAreaMm2: 0, rightAreaMm2: 0, vesselRatioPct: 0 });
      expect(Math.abs(a.lungAreaMm2 - b.lungAreaMm2)).toBeLessThanOrEqual(1e-6 * b.lungAreaMm2);
      expect(Math.abs(a.vesselAreaMm2 - b.vesselAreaMm2)).toBeLessThanOrEqual(1e-6 * b.vesselAreaMm2);
      expect(dicom.flags).toEqual(nifti.flags);
    }
  }, 120_000);

  realCase('lungmask-testdata', 'lungmask test data (two identical images 1 mm apart, no InstanceNumber): ordered by position, the numbers of its NIfTI', async () => {
    const files = filesIn(LUNGMASK).filter((f) => f.endsWith('.dcm'));
    expect((await readDicomFileHeader(files[0]))?.instanceNumber).toBeNull();
    for (const config of [defaultPreset, seed]) {
      const { dicom, nifti, notes } = await compare(config, files, join(LUNGMASK, 'lungmask_testdata_2slices.nii.gz'));
      expect(notes).toEqual([]);
      expect(dicom).toEqual(nifti);
      expect(dicom.slices[0].lungAreaMm2).toBe(dicom.slices[1].lungAreaMm2);
    }
  }, 120_000);

  realCase('tcia-chest-ct-sample', 'TCIA STS_007 chest sample (implicit VR, 5 slices; no file 223, yet evenly spaced): the HU of its NIfTI', async () => {
    const files = filesIn(TCIA).filter((f) => f.endsWith('.dcm'));
    const dicom = await openDicomSeries({ folder: TCIA, seriesUid: '', files }, defaultPreset.read);
    const nifti = await openVolume(fileTarget(join(TCIA, 'tcia_sts007_chest_5slices.nii.gz')), defaultPreset.read);
    const hu = async (s: VolumeSource) => { const out: Float32Array[] = []; for await (const x of s.slices()) out.push(x.hu); await s.close(); return out; };
    expect(dicom.notes).toEqual([]);
    const [a, b] = [await hu(dicom), await hu(nifti)];
    expect(a).toHaveLength(5);
    // The NIfTI stores the slices superior first (qfac -1); match them by position.
    const z = (s: VolumeSource, k: number) => s.geometry.affine[10] * k + s.geometry.affine[11];
    for (let k = 0; k < 5; k++) {
      const j = [0, 1, 2, 3, 4].find((i) => Math.abs(z(nifti, i) - z(dicom, k)) < 0.01)!;
      expect(a[k]).toEqual(b[j]);
    }
  }, 120_000);
});
