/**
 * Benchmark inputs: full-size phantom chest CTs written as .nii.gz once and cached under bench/.cache/<key>/,
 * where the key hashes every generator parameter, so a rerun with the same parameters reuses the files and a
 * changed parameter gets a folder of its own. Files are written to a temporary name and renamed, so an interrupted
 * generation never leaves a half-written scan behind.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { generatePhantom } from '../src/phantom/index.js';
import type { AnatomyInput } from '../src/phantom/anatomy.js';
import { writeNifti } from '../src/readers/nifti/write.js';
import { CACHE_ROOT } from './benchPaths.js';

/** The phantom's own parameters (src/phantom/anatomy.ts), plus how the cohort is seeded and stored. */
export interface BenchScanParams extends Pick<AnatomyInput, 'shape' | 'spacingMm' | 'noiseHu' | 'arms' | 'table'> {
  readonly baseSeed: number;
  readonly orientation: string;
  readonly datatype: 'int16';
}

/** Bump when the phantom generator changes what it writes for the same parameters. */
const GENERATOR_VERSION = 1;

export const FULL_SIZE: BenchScanParams = {
  shape: [512, 512, 300],
  spacingMm: [0.7, 0.7, 1.0],
  baseSeed: 1000,
  noiseHu: 20,
  orientation: 'LPS',
  datatype: 'int16',
  arms: false,
  table: true,
};

export const QUICK_SIZE: BenchScanParams = { ...FULL_SIZE, shape: [256, 256, 120], spacingMm: [1.4, 1.4, 2.5] };

export function cacheKey(p: BenchScanParams): string {
  return createHash('sha256').update(JSON.stringify({ v: GENERATOR_VERSION, ...p })).digest('hex').slice(0, 12);
}

/** Paths of `count` scans (seeds baseSeed, baseSeed + 1, …), generating the missing ones. */
export async function ensureBenchScans(
  p: BenchScanParams,
  count: number,
  log: (line: string) => void = () => undefined,
): Promise<string[]> {
  const dir = join(CACHE_ROOT, `${p.shape.join('x')}-${cacheKey(p)}`);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `phantom-${String(i + 1).padStart(4, '0')}.nii.gz`);
    if (!existsSync(file)) {
      const t0 = performance.now();
      const { spec } = generatePhantom({
        seed: p.baseSeed + i,
        shape: p.shape,
        spacingMm: p.spacingMm,
        noiseHu: p.noiseHu,
        orientation: p.orientation,
        datatype: p.datatype,
        arms: p.arms,
        table: p.table,
      });
      const tmp = file.replace(/\.nii\.gz$/, `.tmp-${process.pid}.nii.gz`); // writeNifti gzips by the name
      try {
        await writeNifti(tmp, spec);
        await rename(tmp, file);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      log(`generated ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    paths.push(file);
  }
  return paths;
}
