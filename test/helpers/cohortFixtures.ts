import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sharedFile } from './sharedData.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `lungflow-${prefix}-`));
}

export function seedSliceName(n: number): string {
  return `slice${String(n).padStart(3, '0')}.nii.gz`;
}

/** Copies tutorial slices (real CT, from ../shared) into `dir`, renamed with `prefix` so copies can repeat. */
export function copySeedSlices(dir: string, numbers: readonly number[], prefix = ''): string[] {
  return numbers.map((n, i) => {
    const target = path.join(dir, `${prefix}${prefix ? `${i}-` : ''}${seedSliceName(n)}`);
    copyFileSync(sharedFile('seed-slices', seedSliceName(n)), target);
    return target;
  });
}

/** Three kinds of broken input a real cohort folder holds: a cut download, a mislabelled text file, an empty file. */
export function writeBadFiles(dir: string): { truncated: string; text: string; empty: string } {
  const whole = readFileSync(sharedFile('seed-slices', seedSliceName(9)));
  const truncated = path.join(dir, 'truncated.nii.gz');
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
  const text = path.join(dir, 'notes.nii');
  writeFileSync(text, 'these are my notes about the cohort, not an image\n'.repeat(20));
  const empty = path.join(dir, 'empty.nii.gz');
  writeFileSync(empty, '');
  return { truncated, text, empty };
}
