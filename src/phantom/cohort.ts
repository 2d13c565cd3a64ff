import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeNifti } from '../readers/nifti/write.js';
import { generatePhantom, type PhantomOptions } from './generate.js';
import { writeDicomSeries } from './dicomSeries.js';

export type PhantomFormat = 'nifti' | 'dicom';

export type CohortOptions = {
  count: number;
  baseSeed: number;
  gzip?: boolean;
  /** 'nifti' (default): NAME.nii.gz; 'dicom': a folder NAME/ holding one file per slice. */
  format?: PhantomFormat;
  onFile?: (file: string) => void;
} & Omit<PhantomOptions, 'seed'>;

/**
 * Writes phantom-0001.nii.gz + phantom-0001.truth.json … (seeds baseSeed, baseSeed + 1, …) and a manifest
 * cohort.csv (path,subject,session; paths relative to the manifest). One volume is held in memory at a time.
 * Returns every file written, in order (for DICOM, the series' folder stands for its files).
 */
export async function writePhantomCohort(outDir: string, o: CohortOptions): Promise<string[]> {
  if (!Number.isInteger(o.count) || o.count < 1) throw new RangeError(`count must be a positive integer, got ${o.count}`);
  await mkdir(outDir, { recursive: true });
  const { count, baseSeed, gzip = true, format = 'nifti', onFile, ...phantom } = o;
  const written: string[] = [];
  const note = (file: string) => {
    written.push(file);
    onFile?.(file);
  };
  const rows = ['path,subject,session'];
  const width = Math.max(4, String(count).length);
  for (let n = 1; n <= count; n++) {
    const name = `phantom-${String(n).padStart(width, '0')}`;
    const image = format === 'dicom' ? name : `${name}.nii${gzip ? '.gz' : ''}`;
    const seed = baseSeed + n - 1;
    const { spec, truth } = generatePhantom({ ...phantom, seed });
    if (format === 'dicom') await writeDicomSeries(path.join(outDir, image), spec, `lungflow-phantom-${seed}`);
    else await writeNifti(path.join(outDir, image), spec);
    note(path.join(outDir, image));
    const truthFile = path.join(outDir, `${name}.truth.json`);
    await writeFile(truthFile, `${JSON.stringify(truth, null, 1)}\n`);
    note(truthFile);
    rows.push(`${image},${name},1`);
  }
  const manifest = path.join(outDir, 'cohort.csv');
  await writeFile(manifest, `${rows.join('\n')}\n`);
  note(manifest);
  return written;
}
