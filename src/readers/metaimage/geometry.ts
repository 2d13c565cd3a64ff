import { ReadError } from '../errors.js';
import type { VolumeGeometry } from '../geometry.js';
import { geometryFromAffine, normalOf, rasAffine } from '../worldGeometry.js';
import { numbers, requireKey, type MetaImageHeader } from './header.js';

/**
 * The grid and its place in the patient, as ITK reads it: world coordinates are LPS (ITK's convention; the
 * AnatomicalOrientation key is informational and ignored, as ITK does), TransformMatrix holds the direction of
 * voxel axis a in its numbers a*N … a*N+N-1, Offset (Position, Origin) is the centre of voxel 0. NDims 2 or 3;
 * a 4th dimension counts volumes (the first is measured).
 */
export function metaImageGeometry(h: MetaImageHeader): { geometry: VolumeGeometry; sizes: number[] } {
  const nDimsText = requireKey(h, 'NDims');
  const n = Number(nDimsText);
  if (!(Number.isInteger(n) && n >= 2 && n <= 4)) {
    throw new ReadError(Number.isInteger(n) && n > 0 ? 'unsupported-dims' : 'bad-metaimage-header', `"NDims = ${nDimsText}": lungflow reads 2-D, 3-D and 4-D (first volume) images`);
  }
  requireKey(h, 'DimSize');
  const sizes = numbers(h, 'DimSize', n)!;
  if (!sizes.every((s) => Number.isSafeInteger(s) && s >= 1)) {
    throw new ReadError('bad-dims', `"DimSize = ${h.fields.get('DimSize')}" must be ${n} whole numbers of at least 1`);
  }
  const spacing = numbers(h, 'ElementSpacing', n) ?? numbers(h, 'ElementSize', n) ?? sizes.map(() => 1);
  const nSpatial = Math.min(n, 3);
  if (!spacing.slice(0, nSpatial).every((s) => s > 0)) {
    throw new ReadError('bad-metaimage-header', `"ElementSpacing = ${h.fields.get('ElementSpacing') ?? h.fields.get('ElementSize')}" must be positive`);
  }
  const matrix = numbers(h, 'TransformMatrix', n * n);
  const offset = numbers(h, 'Offset', n) ?? sizes.map(() => 0);
  const columns: number[][] = [];
  for (let a = 0; a < nSpatial; a++) {
    const dir = matrix ? [0, 1, 2].map((w) => (w < nSpatial ? matrix[a * n + w] : 0)) : [0, 1, 2].map((w) => (w === a ? 1 : 0));
    const len = Math.hypot(dir[0], dir[1], dir[2]);
    if (!(len > 0)) throw new ReadError('bad-metaimage-header', `"TransformMatrix = ${h.fields.get('TransformMatrix')}" gives axis ${a} no direction`);
    columns.push(dir.map((x) => (x / len) * spacing[a]));
  }
  if (nSpatial === 2) columns.push(normalOf(columns[0], columns[1]));
  const origin = [offset[0], offset[1], nSpatial === 3 ? offset[2] : 0];
  const dims = [sizes[0], sizes[1], nSpatial === 3 ? sizes[2] : 1] as [number, number, number];
  return { geometry: geometryFromAffine(dims, rasAffine(columns, origin, 'LPS'), n === 4 ? sizes[3] : 1), sizes };
}
