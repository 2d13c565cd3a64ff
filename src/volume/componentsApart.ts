/**
 * The `extra-lung-components` flag's numbers: 3-D components of the final lung set (lung regions linked by
 * in-plane overlap across neighbouring slices) that hold none of the main lungs' regions — pieces kept because
 * they lie near the lungs in some slice (src/volume/assembleScan.ts: fragments, components under minComponentMl),
 * among them any gas pocket small enough to pass for a fragment.
 */
import type { SliceCandidates } from '../stages/anatomy.js';
import { boxesOverlap, runsOverlap, UnionFind } from './linkSlices.js';

export interface ComponentsApart {
  readonly count: number;
  readonly volumeMl: number;
}

/**
 * `isLung` and `isMain` by global id (offset[s] + k); components smaller than minMl are not counted: lung cut off
 * in-plane by a fissure or the heart's notch (3.5 mL of lingula on the CPTAC scan), specks along a lung's edge.
 */
export function componentsApart(
  slices: readonly SliceCandidates[],
  offset: Int32Array,
  isLung: Uint8Array,
  isMain: Uint8Array,
  pxMm2: number,
  sliceSpacingMm: number,
  minMl: number,
): ComponentsApart {
  const total = offset[slices.length];
  // The main lungs' regions are one piece each by construction: only the other lung regions (few) need linking,
  // to each other and to any lung region they overlap in a neighbouring slice.
  const uf = new UnionFind(total);
  for (let s = 0; s < slices.length; s++) {
    const a = slices[s].candidates;
    for (let i = 0; i < a.length; i++) {
      const g = offset[s] + i;
      if (!isLung[g] || isMain[g]) continue;
      for (const t of [s - 1, s + 1]) {
        if (t < 0 || t >= slices.length) continue;
        const b = slices[t].candidates;
        for (let j = 0; j < b.length; j++) {
          if (isLung[offset[t] + j] && boxesOverlap(a[i].bbox, b[j].bbox) && runsOverlap(a[i].runs, b[j].runs)) uf.union(g, offset[t] + j);
        }
      }
    }
  }
  const volume = new Map<number, number>();
  const holdsMain = new Set<number>();
  for (let s = 0; s < slices.length; s++) {
    slices[s].candidates.forEach((c, k) => {
      const g = offset[s] + k;
      if (!isLung[g]) return;
      const root = uf.find(g);
      if (isMain[g]) holdsMain.add(root);
      volume.set(root, (volume.get(root) ?? 0) + (c.areaPx * pxMm2 * sliceSpacingMm) / 1000);
    });
  }
  let count = 0, volumeMl = 0;
  for (const [root, ml] of volume) {
    if (holdsMain.has(root) || ml < minMl) continue;
    count++;
    volumeMl += ml;
  }
  return { count, volumeMl };
}
