/** Which slices of a scan to show. */
export type SliceSpec =
  /** The slice with the largest lung area, and the slices at 25 % and 75 % of the lung's extent. */
  | { readonly kind: 'max-lung' }
  /** The middle slice of the scan. */
  | { readonly kind: 'mid' }
  /** These slice indexes (0-based, as stored, like `slices.slice_index`). */
  | { readonly kind: 'list'; readonly indices: readonly number[] };

export function parseSliceSpec(text: string): SliceSpec {
  const t = text.trim().toLowerCase();
  if (t === 'max-lung') return { kind: 'max-lung' };
  if (t === 'mid') return { kind: 'mid' };
  const parts = t.split(',').map((p) => p.trim());
  if (parts.length > 0 && parts.every((p) => /^\d+$/.test(p))) {
    return { kind: 'list', indices: [...new Set(parts.map(Number))].sort((a, b) => a - b) };
  }
  throw new RangeError(`slices are max-lung, mid or slice indexes like 10,20,30 (0-based, as stored), got '${text}'`);
}

export interface SliceArea {
  readonly index: number;
  readonly lungAreaMm2: number;
}

export interface SliceChoice {
  /** Ascending, no repeats. */
  readonly indices: readonly number[];
  /** Why the choice is not what was asked for (slices out of range, no lung found), or null. */
  readonly note: string | null;
}

/** Picks slice indexes from a scan's per-slice lung areas (the `slices` table) and its slice count. */
export function selectSlices(spec: SliceSpec, areas: readonly SliceArea[], nSlices: number): SliceChoice {
  const mid = Math.floor(nSlices / 2);
  switch (spec.kind) {
    case 'mid':
      return { indices: [mid], note: null };
    case 'list': {
      const inside = spec.indices.filter((i) => i < nSlices);
      const outside = spec.indices.filter((i) => i >= nSlices);
      const note = outside.length === 0 ? null : `slice${outside.length > 1 ? 's' : ''} ${outside.join(', ')} outside 0..${nSlices - 1}`;
      return { indices: inside, note };
    }
    case 'max-lung': {
      const lung = areas.filter((a) => a.lungAreaMm2 > 0 && a.index >= 0 && a.index < nSlices);
      if (lung.length === 0) return { indices: [mid], note: 'no lung measured on any slice: showing the middle slice' };
      let first = lung[0].index, last = first, best = lung[0];
      for (const a of lung) {
        first = Math.min(first, a.index);
        last = Math.max(last, a.index);
        if (a.lungAreaMm2 > best.lungAreaMm2 || (a.lungAreaMm2 === best.lungAreaMm2 && a.index < best.index)) best = a;
      }
      const at = (f: number) => first + Math.round(f * (last - first));
      const indices = [...new Set([at(0.25), best.index, at(0.75)])].sort((a, b) => a - b);
      return { indices, note: null };
    }
  }
}
