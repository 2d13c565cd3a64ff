/**
 * Craniocaudal zones: each lung is cut into thirds along the patient's superior–inferior axis, by one of two rules:
 *   - 'extent' (the default): equal thirds of the lung's own extent, from the superior face of its most superior
 *     slice to the inferior face of its most inferior one (slices with any of that lung); a slice goes, whole, to
 *     the third its centre lies in;
 *   - 'volume' (CIP's partial lung label map, GeneratePartialLungLabelMap): thirds of the lung's volume counted from
 *     the apex; a slice goes, whole, to the third that holds the middle of its own volume.
 * The slice axis and its direction come from the geometry (the reader's axial axis, the affine's sign), so the
 * stored orientation does not matter.
 */
export type ZoneSplit = 'extent' | 'volume';
export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];
export const ZONES = ['upper', 'middle', 'lower'] as const;
export type Zone = (typeof ZONES)[number];

export type ZoneRegion = `${Side}_${Zone}`;
export type RegionName = 'lung' | Side | ZoneRegion;

/** Every region, in the order rows are written. */
export const REGIONS: readonly RegionName[] = [
  'lung', 'left', 'right',
  ...SIDES.flatMap((s) => ZONES.map((z) => `${s}_${z}` as ZoneRegion)),
];

/** Per slice (by position in the scan), the zone of each side's lung there; null where that lung is absent. */
export interface SliceZones {
  readonly left: readonly (Zone | null)[];
  readonly right: readonly (Zone | null)[];
}

export function sliceZones(
  areas: readonly { readonly leftAreaMm2: number; readonly rightAreaMm2: number }[],
  superiorIsHigherIndex: boolean,
  split: ZoneSplit = 'extent',
): SliceZones {
  if (split !== 'extent' && split !== 'volume') throw new RangeError(`biomarkers.zoneSplit must be 'extent' or 'volume', got '${String(split)}'`);
  const of = split === 'extent' ? zonesOf : zonesByVolume;
  return {
    left: of(areas.map((a) => a.leftAreaMm2), superiorIsHigherIndex),
    right: of(areas.map((a) => a.rightAreaMm2), superiorIsHigherIndex),
  };
}

function zonesByVolume(area: readonly number[], superiorIsHigherIndex: boolean): (Zone | null)[] {
  const total = area.reduce((a, b) => a + b, 0);
  const out: (Zone | null)[] = area.map(() => null);
  const order = area.map((_, k) => k);
  if (superiorIsHigherIndex) order.reverse();
  let above = 0;
  for (const k of order) {
    if (area[k] <= 0) continue;
    const middle = above + area[k] / 2;
    out[k] = ZONES[Math.min(2, Math.floor((3 * middle) / total))];
    above += area[k];
  }
  return out;
}

function zonesOf(area: readonly number[], superiorIsHigherIndex: boolean): (Zone | null)[] {
  const present = area.map((a) => a > 0);
  const first = present.indexOf(true);
  const last = present.lastIndexOf(true);
  if (first < 0) return present.map(() => null);
  const extent = last - first + 1; // in slices
  return present.map((here, k) => {
    if (!here) return null;
    // Distance of the slice centre from the superior face of the extent, in slices.
    const fromTop = superiorIsHigherIndex ? last + 0.5 - k : k - first + 0.5;
    const third = Math.min(2, Math.floor((3 * fromTop) / extent));
    return ZONES[third];
  });
}
