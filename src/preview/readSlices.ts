import { openVolume } from '../readers/openVolume.js';
import type { ScanTarget } from '../readers/scanTarget.js';
import type { HuSlice } from '../stages/types.js';

export interface CanonicalSlices {
  /** Slices read, by index; an index beyond the file's slices is absent. */
  readonly slices: ReadonlyMap<number, HuSlice>;
  readonly width: number;
  readonly height: number;
  readonly nSlices: number;
}

/**
 * Reads the wanted slices of a scan (any format) or a mask file in the canonical in-plane orientation (x toward Right, y toward
 * Anterior; the index still counts along the stored axial axis, like `slices.slice_index`). Stops reading
 * after the last wanted slice.
 */
export async function readCanonicalSlices(target: ScanTarget, indices: readonly number[]): Promise<CanonicalSlices> {
  const source = await openVolume(target, { spacing: 'geometry', orientation: 'canonical' });
  const wanted = new Set(indices.filter((i) => i < source.plan.nSlices));
  const slices = new Map<number, HuSlice>();
  try {
    if (wanted.size > 0) {
      for await (const slice of source.slices()) {
        if (wanted.has(slice.index)) slices.set(slice.index, slice);
        if (slices.size === wanted.size) break;
      }
    }
  } finally {
    await source.close();
  }
  return { slices, width: source.plan.width, height: source.plan.height, nSlices: source.plan.nSlices };
}

/** A mask slice read as HU (0/1 stored as uint8) to a 0/1 byte image. */
export function toBinary(slice: HuSlice | undefined, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (slice) for (let i = 0; i < length; i++) out[i] = slice.hu[i] > 0.5 ? 1 : 0;
  return out;
}
