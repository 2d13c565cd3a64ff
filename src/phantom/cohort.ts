import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatePhantom, type PhantomOptions } from './generate.js';
import { IMAGE_WRITERS, type ImageFormat } from './imageFormats.js';

export type CohortOptions = {
  count: number; baseSeed: number; gzip?: boolean; onFile?: (file: string) => void;
  /** Default 'nifti'. */
  format?: ImageFormat;
} & Omit<PhantomOptions, 'seed'>;

/**
 * Writes phantom-0001.nii.gz (or the header and data of another format) + phantom-0001.truth.json … (seeds baseSeed, baseSeed + 1, …) and a manifest
 * cohort.csv (path,subject,session; paths relative to the manifest). One volume is held in memory at a time.
 * Returns every file written, in order (for DICOM, the series' folder stands for its files).
 */
export async function writePhantomCohort(outDir: string, o: CohortOptions): Promise<string[]> {
  if (!Number.isInteger(o.count) || o.count < 1) throw new RangeError(`count must be a positive integer, got ${o.count}`);
  await mkdir(outDir, { recursive: true });
  const { count, baseSeed, gzip = true, onFile, format = 'nifti', ...phantom } = o;
  const writer = IMAGE_WRITERS[format];
  const written: string[] = [];
  const note = (file: string) => {
    written.push(file);
    onFile?.(file);
  };
  const rows = ['path,subject,session'];
  const width = Math.max(4, String(count).length);
  for (let n = 1; n <= count; n++) {
    const name = `phantom-${String(n).padStart(width, '0')}`;
    const image = writer.fileName(name, gzip);
    const { spec, truth } = generatePhantom({ ...phantom, seed: baseSeed + n - 1 });
    for (const file of await writer.write(path.join(outDir, image), spec, gzip, `lungflow-phantom-${baseSeed + n - 1}`)) note(file);
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
