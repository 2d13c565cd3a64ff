import type { BinaryImage, SliceMeasurement } from './types.js';

export interface MeasureInput {
  readonly index: number;
  readonly lung: BinaryImage;
  readonly vessels: BinaryImage;
  /** Pixel size along x and y in mm. */
  readonly spacingMm: readonly [number, number];
  readonly nLungContours: number;
  readonly note: string | null;
}

export function countSet(image: BinaryImage): number {
  const d = image.data;
  let n = 0;
  for (let i = 0; i < d.length; i++) n += d[i] !== 0 ? 1 : 0;
  return n;
}

/** Area of `pixels` pixels, evaluated as (count × px) × py, the tutorial's order, so float rounding matches. */
export function areaMm2(pixels: number, spacingMm: readonly [number, number]): number {
  return pixels * spacingMm[0] * spacingMm[1];
}

/** Vessel share of the lung in percent; null when there is no lung. */
export function vesselRatioPct(vesselAreaMm2: number, lungAreaMm2: number): number | null {
  return lungAreaMm2 > 0 ? (vesselAreaMm2 / lungAreaMm2) * 100 : null;
}

export function measureSlice(input: MeasureInput): SliceMeasurement {
  const lungPixels = countSet(input.lung);
  const vesselPixels = countSet(input.vessels);
  const lungAreaMm2 = areaMm2(lungPixels, input.spacingMm);
  const vesselAreaMm2 = areaMm2(vesselPixels, input.spacingMm);
  return {
    index: input.index,
    lungPixels,
    vesselPixels,
    lungAreaMm2,
    vesselAreaMm2,
    vesselRatioPct: vesselRatioPct(vesselAreaMm2, lungAreaMm2),
    nLungContours: input.nLungContours,
    note: input.note,
  };
}
