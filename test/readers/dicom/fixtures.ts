import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDicomSeries, type DicomSource } from '../../../src/readers/dicom/series.js';
import { encodeDicomSlice, type DicomSliceSpec } from '../../../src/readers/dicom/write.js';
import type { ReadParams } from '../../../src/stages/read.js';
import { readSource } from '../nifti/fixtures.js';
import type { HuSlice } from '../../../src/stages/types.js';

export const CANONICAL: ReadParams = { spacing: 'geometry', orientation: 'canonical' };
export const STUDY = '2.25.1001';
export const SERIES = '2.25.1002';

/** A deterministic test image: stored value depends on (column, row, slice), within int16 CT range. */
export function pattern(columns: number, rows: number, k: number): Int16Array {
  const px = new Int16Array(columns * rows);
  for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) px[y * columns + x] = -1024 + ((x * 37 + y * 11 + k * 101) % 1500);
  return px;
}

export interface SliceOverrides extends Partial<DicomSliceSpec> {
  readonly k: number;
}

/** One axial slice at z = k * 2.5 mm (LPS), 24 columns x 20 rows, 0.8 x 0.7 mm pixels, unless overridden. */
export function slice(o: SliceOverrides): DicomSliceSpec {
  const columns = o.columns ?? 24, rows = o.rows ?? 20;
  return {
    rows, columns,
    pixels: pattern(columns, rows, o.k),
    rescaleSlope: 1, rescaleIntercept: 0,
    pixelSpacing: [0.7, 0.8],
    imagePositionPatient: [-10, -8, o.k * 2.5],
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    sliceThicknessMm: 2.5,
    instanceNumber: o.k + 1,
    studyInstanceUid: STUDY, seriesInstanceUid: SERIES, sopInstanceUid: `2.25.${2000 + o.k}`,
    ...o,
  };
}

/** Writes the slices into `dir` under the given names (default: shuffled-looking names), returns the paths. */
export function writeSeries(dir: string, slices: readonly DicomSliceSpec[], names?: readonly string[]): string[] {
  mkdirSync(dir, { recursive: true });
  return slices.map((s, i) => {
    const file = join(dir, names?.[i] ?? `x${(i * 7919) % 1009}.dcm`);
    writeFileSync(file, encodeDicomSlice(s));
    return file;
  });
}

export function filesOf(dir: string): string[] {
  return readdirSync(dir).sort().map((f) => join(dir, f));
}

export async function openFolder(dir: string, params: ReadParams = CANONICAL, seriesUid = ''): Promise<DicomSource> {
  return openDicomSeries({ folder: dir, seriesUid, files: filesOf(dir) }, params);
}

export const readAll = (source: DicomSource): Promise<HuSlice[]> => readSource(source);

/** The error a promise rejects with (null when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string } | null> {
  return p.then(() => null, (e: unknown) => e as { code?: string; message: string });
}
