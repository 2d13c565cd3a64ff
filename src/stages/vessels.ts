import type { BinaryImage, HuSlice } from './types.js';

export interface VesselParams {
  /** Vessel when HU >= minHu (inclusive, as the tutorial's code). */
  readonly minHu: number;
  /** The tutorial maps lung pixels of exactly 0 HU to -1000 before thresholding, so they never count. */
  readonly excludeExactZero: boolean;
}

/** Vessel pixels: inside the lung mask and dense enough. NaN never qualifies. */
export function vesselMask(params: VesselParams, slice: HuSlice, lung: BinaryImage): BinaryImage {
  const { hu } = slice;
  const lungData = lung.data;
  const data = new Uint8Array(hu.length);
  const { minHu, excludeExactZero } = params;
  for (let i = 0; i < hu.length; i++) {
    if (lungData[i] === 0) continue;
    const v = hu[i];
    if (v >= minHu && !(excludeExactZero && v === 0)) data[i] = 1;
  }
  return { width: lung.width, height: lung.height, data };
}
