import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNifti, type NiftiOpenOptions } from '../../../src/readers/nifti/open.js';
import type { ReadParams } from '../../../src/stages/read.js';
import type { VolumeSource } from '../../../src/readers/volumeSource.js';
import type { HuSlice } from '../../../src/stages/types.js';

export const STORED: ReadParams = { spacing: 'geometry', orientation: 'stored' };
export const CANONICAL: ReadParams = { spacing: 'geometry', orientation: 'canonical' };

/** A fresh temporary directory and a function that removes it. */
export function tempDir(): { dir: string; path: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lungflow-nifti-'));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function readAllSlices(path: string, params: ReadParams = STORED, options: NiftiOpenOptions = {}): Promise<HuSlice[]> {
  return readSource(await openNifti(path, params, options));
}

/** Every slice of an opened source, in order; the source is closed after. */
export async function readSource(source: VolumeSource): Promise<HuSlice[]> {
  try {
    const out: HuSlice[] = [];
    for await (const s of source.slices()) out.push(s);
    return out;
  } finally {
    await source.close();
  }
}

/** All HU of the slices, concatenated in slice order. */
export function concatHu(slices: readonly HuSlice[]): number[] {
  return slices.flatMap((s) => Array.from(s.hu));
}

/** Index of the first position where the arrays differ (NaN equals NaN, -0 differs from +0), or -1. */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) return i;
  }
  return -1;
}

/** Patches a NIfTI-1 header in place through a DataView (little-endian unless told). */
export function patch(bytes: Uint8Array, edit: (v: DataView) => void): Uint8Array {
  edit(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return bytes;
}

export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Deterministic pseudo-random integers in [lo, hi] (a 32-bit LCG), so gzip cannot shrink the data to nothing. */
export function noise(n: number, lo: number, hi: number, seed = 1): number[] {
  let s = seed >>> 0;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s % (hi - lo + 1));
  }
  return out;
}
