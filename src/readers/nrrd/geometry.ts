import { ReadError } from '../errors.js';
import type { VolumeGeometry } from '../geometry.js';
import { quoteLine } from '../textHeader.js';
import { geometryFromAffine, normalOf, rasAffine, type PatientSpace } from '../worldGeometry.js';
import { parseVectors, requireField, type NrrdHeader } from './header.js';

export interface NrrdGeometry {
  readonly geometry: VolumeGeometry;
  /** The sizes of every axis as stored (for the data's byte count). */
  readonly sizes: readonly number[];
  readonly notes: readonly string[];
}

const SPACES: Readonly<Record<string, PatientSpace>> = {
  'right-anterior-superior': 'RAS', ras: 'RAS', 'left-anterior-superior': 'LAS', las: 'LAS',
  'left-posterior-superior': 'LPS', lps: 'LPS',
};
/** Spaces without anatomical names: ITK reads their coordinates as LPS, and so does lungflow (with a note). */
const UNNAMED_SPACES = new Set(['scanner-xyz', '3d-right-handed', '3d-left-handed']);

/**
 * The grid and its place in the patient. Axes are spatial (a `space directions` vector, or with no space a
 * domain/space kind) or not (`none`: a list, a vector, time). A scalar 3-D volume, optionally followed by one
 * non-spatial axis (volumes, of which the first is measured); non-spatial axes of size 1 anywhere are dropped.
 */
export function nrrdGeometry(h: NrrdHeader): NrrdGeometry {
  const dimension = Number(requireField(h, 'dimension'));
  if (!(Number.isInteger(dimension) && dimension >= 1 && dimension <= 16)) {
    throw new ReadError('bad-nrrd-header', `"dimension: ${h.fields.get('dimension')}" is not a whole number of axes from 1 to 16`);
  }
  const sizesText = requireField(h, 'sizes');
  const sizes = sizesText.split(/\s+/).map(Number);
  if (sizes.length !== dimension || !sizes.every((s) => Number.isSafeInteger(s) && s >= 1)) {
    throw new ReadError('bad-dims', `"sizes: ${sizesText}" must be ${dimension} whole numbers of at least 1 (dimension: ${dimension})`);
  }
  const notes: string[] = [];
  const space = spaceOf(h, notes);
  const directions = space ? directionsOf(h, dimension) : null;
  const spatial = sizes.map((_, a) => (directions ? directions[a] !== null : isSpatialKind(h, a)));
  const kept = sizes.map((s, a) => a).filter((a) => spatial[a] || sizes[a] > 1);
  const nSpatial = kept.filter((a) => spatial[a]).length;
  const trailing = kept.slice(nSpatial);
  const kinds = (h.fields.get('kinds') ?? '').split(/\s+/);
  if (kept.slice(0, nSpatial).some((a) => !spatial[a]) || trailing.length > 1 || nSpatial < 2 || nSpatial > 3) {
    const describe = sizes.map((s, a) => `${s}${spatial[a] ? '' : ` (${kinds[a] ?? 'not spatial'})`}`).join(' x ');
    throw new ReadError('unsupported-dims', `the axes are ${describe}: lungflow reads a scalar volume of 2 or 3 spatial axes, optionally followed by one axis of volumes`);
  }
  const spatialAxes = kept.slice(0, nSpatial);
  const nVolumes = trailing.length ? sizes[trailing[0]] : 1;
  const dims = [sizes[spatialAxes[0]], sizes[spatialAxes[1]], nSpatial === 3 ? sizes[spatialAxes[2]] : 1] as [number, number, number];
  let columns: number[][];
  let origin = [0, 0, 0];
  if (space && directions) {
    columns = spatialAxes.map((a) => directions[a]!);
    if (columns.some((c) => c.length !== 3)) throw new ReadError('unsupported-dims', `"space directions" vectors must have 3 components (a 3-D space), got ${h.fields.get('space directions')}`);
    const originText = h.fields.get('space origin');
    if (originText !== undefined) {
      const o = parseVectors('space origin', originText);
      if (o.length !== 1 || !o[0] || o[0].length !== 3) throw new ReadError('bad-nrrd-header', `"space origin: ${originText}" must be one vector of 3 numbers`);
      origin = o[0];
    }
  } else {
    columns = spacingsOf(h, spatialAxes).map((s, i) => [0, 1, 2].map((w) => (w === i ? s : 0)));
  }
  if (columns.some((c) => !(Math.hypot(c[0], c[1], c[2]) > 0))) {
    throw new ReadError('bad-nrrd-header', `a "space directions" vector has length 0: ${h.fields.get('space directions')}`);
  }
  if (nSpatial === 2) columns.push(normalOf(columns[0], columns[1]));
  const affine = rasAffine(columns, origin, space ?? 'RAS');
  return { geometry: geometryFromAffine(dims, affine, nVolumes), sizes, notes };
}

function spaceOf(h: NrrdHeader, notes: string[]): PatientSpace | null {
  const text = h.fields.get('space');
  const dimText = h.fields.get('space dimension');
  if (text === undefined) {
    if (dimText === undefined) return null;
    if (dimText.trim() !== '3') throw new ReadError('unsupported-dims', `"space dimension: ${dimText}": lungflow reads volumes in a 3-D space`);
    notes.push('nrrd-space-unnamed: "space dimension: 3" without a "space": coordinates taken as LPS, as ITK does');
    return 'LPS';
  }
  const name = text.trim().toLowerCase().replace(/-time$/, '');
  const known = SPACES[name];
  if (known) return known;
  if (UNNAMED_SPACES.has(name)) {
    notes.push(`nrrd-space-unnamed: "space: ${text}": coordinates taken as LPS, as ITK does`);
    return 'LPS';
  }
  throw new ReadError('bad-nrrd-header', `"space: ${text}" is not a NRRD space (such as left-posterior-superior or right-anterior-superior)`);
}

function directionsOf(h: NrrdHeader, dimension: number): (number[] | null)[] {
  const text = requireFieldFor(h, 'space directions', 'with a "space"');
  const vectors = parseVectors('space directions', text);
  if (vectors.length !== dimension) {
    throw new ReadError('bad-nrrd-header', `"space directions: ${text}" gives ${vectors.length} entries for ${dimension} axes`);
  }
  const units = h.fields.get('space units');
  if (units !== undefined && !units.split(/\s+/).every((u) => /^"?mm"?$/i.test(u))) {
    throw new ReadError('bad-nrrd-header', `"space units: ${units}": lungflow reads millimetres only`);
  }
  return vectors;
}

function requireFieldFor(h: NrrdHeader, name: string, why: string): string {
  const value = h.fields.get(name);
  if (value === undefined) throw new ReadError('bad-nrrd-header', `the header has no "${name}" field, which NRRD requires ${why}`);
  return value;
}

function isSpatialKind(h: NrrdHeader, axis: number): boolean {
  const kind = (h.fields.get('kinds') ?? '').split(/\s+/)[axis];
  return kind === undefined || kind === '' || ['domain', 'space', 'none', '???'].includes(kind.toLowerCase());
}

function spacingsOf(h: NrrdHeader, axes: readonly number[]): number[] {
  const text = h.fields.get('spacings');
  if (text === undefined) {
    throw new ReadError('bad-nrrd-header', 'the voxel size is unknown: the header has neither "space directions" nor "spacings"');
  }
  const all = text.split(/\s+/).map(Number);
  return axes.map((a) => {
    const s = Math.abs(all[a]);
    if (!(s > 0 && Number.isFinite(s))) throw new ReadError('bad-nrrd-header', `"spacings: ${text}" gives axis ${a} no positive voxel size (${quoteLine(String(all[a]))})`);
    return s;
  });
}
