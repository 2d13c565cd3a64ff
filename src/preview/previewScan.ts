import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DisplayWindow } from '../stages/window.js';
import { montage } from './montage.js';
import { montagePngName, slicePngName } from './pngNames.js';
import { fileTarget, type ScanTarget } from '../readers/scanTarget.js';
import { ctTargetOf } from './ctTarget.js';
import { readCanonicalSlices, toBinary, type CanonicalSlices } from './readSlices.js';
import { renderSlice } from './renderSlice.js';
import type { RgbaImage } from './rgbaImage.js';
import { writePng } from './writePng.js';

export interface PreviewTarget {
  /** The CT, as `scans.path` records it (a DICOM series: its folder). */
  readonly ctPath: string;
  /** `scans.scan_id`: which series of the folder, for DICOM. */
  readonly scanId: string;
  readonly lungMaskPath: string;
  /** NULL in the database means no vessels are drawn. */
  readonly vesselMaskPath: string | null;
  /** File name stem of the pictures, e.g. `ct_1a2b3c4d` (the masks' name without `_lung.nii.gz`). */
  readonly base: string;
  /** Slice indexes (as stored), ascending. */
  readonly indices: readonly number[];
}

export interface PreviewSettings {
  readonly outDir: string;
  readonly window: DisplayWindow;
  readonly montage: boolean;
}

export interface PreviewOutcome {
  /** PNG files written, in slice order, the montage last. */
  readonly written: readonly string[];
  /** What could not be shown (missing slices); empty when everything was. */
  readonly notes: readonly string[];
}

/** A scan that cannot be previewed at all (a file missing or unreadable, masks not matching the CT). */
export class PreviewProblem extends Error {}

/**
 * Reads the CT and its masks, renders the chosen slices and writes `<base>_s<index>.png`, the index zero-padded to
 * the digits of the scan's last index, so names sort (and `<base>_montage.png`).
 */
export async function previewScan(target: PreviewTarget, settings: PreviewSettings): Promise<PreviewOutcome> {
  const ctTarget = await ctTargetOf(target.ctPath, target.scanId);
  if (!ctTarget) throw new PreviewProblem(`the DICOM series of this scan is no longer in ${target.ctPath}`);
  const [ct, lung, vessels] = await Promise.all([
    read('CT', ctTarget, target.indices),
    read('lung mask', target.lungMaskPath, target.indices),
    target.vesselMaskPath === null ? null : read('vessel mask', target.vesselMaskPath, target.indices),
  ]);
  for (const [what, mask] of [['lung mask', lung], ['vessel mask', vessels]] as const) {
    if (mask && (mask.width !== ct.width || mask.height !== ct.height || mask.nSlices !== ct.nSlices)) {
      throw new PreviewProblem(`the ${what} is ${size(mask)} but the CT is ${size(ct)}: the CT changed since the run? rerun it with --masks DIR --force`);
    }
  }
  const written: string[] = [];
  const images: RgbaImage[] = [];
  const missing: number[] = [];
  const n = ct.width * ct.height;
  for (const index of target.indices) {
    const slice = ct.slices.get(index);
    if (!slice) {
      missing.push(index);
      continue;
    }
    const image = renderSlice(
      { width: ct.width, height: ct.height, hu: slice.hu, lung: toBinary(lung.slices.get(index), n), vessels: toBinary(vessels?.slices.get(index), n) },
      settings.window,
    );
    const file = path.join(settings.outDir, slicePngName(target.base, index, ct.nSlices));
    if (written.length === 0) await mkdir(settings.outDir, { recursive: true });
    await writePng(file, image);
    written.push(file);
    images.push(image);
  }
  if (settings.montage && images.length > 0) {
    const file = path.join(settings.outDir, montagePngName(target.base));
    await writePng(file, montage(images));
    written.push(file);
  }
  const notes = missing.length === 0 ? [] : [`the CT has no slice ${missing.join(', ')} (it has ${ct.nSlices})`];
  return { written, notes };
}

async function read(what: string, source: string | ScanTarget, indices: readonly number[]): Promise<CanonicalSlices> {
  const target = typeof source === 'string' ? fileTarget(source) : source;
  const file = target.path;
  try {
    return await readCanonicalSlices(target, indices);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new PreviewProblem(`${what} not found: ${file} (moved or deleted since the run?)`);
    throw new PreviewProblem(`cannot read the ${what} ${file}: ${e.message ?? String(error)}`);
  }
}

function size(s: CanonicalSlices): string {
  return `${s.width}x${s.height}x${s.nSlices}`;
}
