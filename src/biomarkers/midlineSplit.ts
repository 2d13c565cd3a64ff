import type { SliceCandidates } from '../stages/anatomy.js';

/**
 * The first column on the patient's right of the slice's body midline: the same split as the candidates' left/right
 * pixel counts (src/stages/anatomy.ts), so tallies and labels split a region exactly as its areas are split.
 */
export function rightSideFromX(sc: SliceCandidates): number {
  return Math.floor(sc.body ? sc.body.midlineX : (sc.width - 1) / 2) + 1;
}
