import { selectSlices, type SliceArea } from '../preview/selectSlices.js';

/** At most this many slices of a scan are kept in the worker as montage candidates. */
export const MAX_CANDIDATES = 16;

/** Evenly spaced slice indexes of a scan (every slice when it has few): the slices a worker keeps for the montage. */
export function candidateSlices(nSlices: number, max = MAX_CANDIDATES): number[] {
  if (nSlices <= max) return Array.from({ length: nSlices }, (_, i) => i);
  const step = nSlices / max;
  return [...new Set(Array.from({ length: max }, (_, k) => Math.min(nSlices - 1, Math.round((k + 0.5) * step))))];
}

/**
 * The montage's slices: the preview's choice (largest lung, 25 % and 75 % of the lung's extent), each moved to
 * the nearest kept candidate with lung not taken yet (any candidate when none has lung); ascending.
 */
export function montageSlices(areas: readonly SliceArea[], nSlices: number, candidates: readonly number[]): number[] {
  if (candidates.length === 0) return [];
  const wanted = selectSlices({ kind: 'max-lung' }, areas, nSlices).indices;
  const lungAt = new Map(areas.map((a) => [a.index, a.lungAreaMm2]));
  const withLung = candidates.filter((c) => (lungAt.get(c) ?? 0) > 0);
  const pool = withLung.length > 0 ? withLung : candidates;
  const taken = new Set<number>();
  for (const i of wanted) {
    const free = pool.filter((c) => !taken.has(c));
    if (free.length === 0) break;
    taken.add(free.reduce((best, c) => (Math.abs(c - i) < Math.abs(best - i) ? c : best), free[0]));
  }
  return [...taken].sort((a, b) => a - b);
}
