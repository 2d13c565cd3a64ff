/**
 * Which of a scan's big lung-like 3-D components are the lungs (issue 16: gas below the diaphragm).
 *
 * Size and density alone cannot tell a lung from gas in the colon or stomach: with a sharp kernel and partial
 * volume a gas pocket of 15–25 mL reads -890 … -960 HU, inside the parenchyma range. Anatomy can: a chest holds
 * two lungs, one on each side of the midline. So the lungs are the largest component on each side (or the largest
 * alone when it spans both sides: lungs touching at the anterior junction, so linked in 3-D), and any other
 * component, however big, is not lung. Lung is one connected piece per side in 3-D (a lobe cut off in-plane by an
 * oblique fissure still overlaps the next lobe across slices, so it is linked to it); what lies apart is gas.
 * Nearness within a slice does not bring such a component back: gas in the stomach under the left dome lies
 * 4–6 mm from the lung ring around the dome in the same slice (diaphragm and stomach wall between), as near as a
 * fragment that belongs to the lung.
 */
import type { SliceCandidates } from '../stages/anatomy.js';
import { boxesOverlap, runsNear, runsOverlap } from './linkSlices.js';

export interface ComponentSides {
  readonly volumeMl: number;
  readonly leftPx: number;
  readonly rightPx: number;
}

/**
 * The roots that are the lungs, from the roots that passed the size test: the largest, and when it lies mostly on
 * one side (less than bothSidesMinFraction of it on the other), the largest that lies mostly on the other side.
 */
export function mainLungRoots(big: ReadonlyMap<number, ComponentSides>, bothSidesMinFraction: number): Set<number> {
  const byVolume = [...big.entries()].sort((a, b) => b[1].volumeMl - a[1].volumeMl || a[0] - b[0]);
  const out = new Set<number>();
  if (byVolume.length === 0) return out;
  const [root, c] = byVolume[0];
  out.add(root);
  if (Math.min(c.leftPx, c.rightPx) >= bothSidesMinFraction * (c.leftPx + c.rightPx)) return out;
  const largestIsLeft = c.leftPx >= c.rightPx;
  const other = byVolume.find(([, o]) => o.leftPx >= o.rightPx !== largestIsLeft);
  if (other) out.add(other[0]);
  return out;
}

/** Whether candidate k of slice s overlaps a lung region (`isLung`, by global id offset[s] + k) in a neighbouring slice. */
export function overlapsLung(slices: readonly SliceCandidates[], offset: Int32Array, isLung: Uint8Array, s: number, k: number): boolean {
  const c = slices[s].candidates[k];
  for (const t of [s - 1, s + 1]) {
    if (t < 0 || t >= slices.length) continue;
    const others = slices[t].candidates;
    for (let j = 0; j < others.length; j++) {
      if (isLung[offset[t] + j] && boxesOverlap(c.bbox, others[j].bbox) && runsOverlap(c.runs, others[j].runs)) return true;
    }
  }
  return false;
}

/**
 * Whether candidate k of slice s touches lung: overlaps a lung region in a neighbouring slice, or lies within dx
 * columns and dy rows of one in its own slice.
 */
export function touchesLung(
  slices: readonly SliceCandidates[], offset: Int32Array, isLung: Uint8Array, s: number, k: number, dx: number, dy: number,
): boolean {
  if (overlapsLung(slices, offset, isLung, s, k)) return true;
  const c = slices[s].candidates[k];
  const grown = [c.bbox[0] - dx, c.bbox[1] - dy, c.bbox[2] + dx, c.bbox[3] + dy];
  const here = slices[s].candidates;
  for (let j = 0; j < here.length; j++) {
    if (j !== k && isLung[offset[s] + j] && boxesOverlap(grown, here[j].bbox) && runsNear(c.runs, here[j].runs, dx, dy)) return true;
  }
  return false;
}
