import type { NiftiHeader } from './header.js';
import { closestAxes, type VolumeGeometry } from '../geometry.js';
import { NiftiError, volumeCount } from './header.js';

export function geometryOf(header: NiftiHeader): VolumeGeometry {
  const nd = header.dim[0];
  const dims: [number, number, number] = [header.dim[1], nd >= 2 ? header.dim[2] : 1, nd >= 3 ? header.dim[3] : 1];
  const unit = spatialUnitToMm(header.xyztUnits);
  const spacingMm = [0, 1, 2].map((a) => {
    const p = Math.abs(header.pixdim[a + 1]);
    // An axis the image does not use may carry 0 or garbage; only used axes keep their stored spacing.
    if (a + 1 > nd && !(p > 0 && Number.isFinite(p))) return 1;
    return p * unit;
  }) as [number, number, number];
  const spacingNote = repairSpacing(header, spacingMm, unit);
  const affine = chooseAffine(header, spacingMm, unit);
  const axialAxis: 0 | 1 | 2 = dims[2] === 1 ? 2 : (closestAxes(affine).worldAxis.indexOf(2) as 0 | 1 | 2);
  const geometry = { dims, spacingMm, affine, axialAxis, nVolumes: volumeCount(header) };
  return spacingNote ? { ...geometry, spacingNote } : geometry;
}

/**
 * A used axis whose pixdim is 0 or not finite has no voxel size; the sform's column lengths carry it too, so take
 * it from there (in place) and say so. Without an sform (the qform has no scale of its own) the scan cannot be
 * measured: throw rather than report areas of 0 mm².
 */
function repairSpacing(h: NiftiHeader, spacingMm: number[], unit: number): string | null {
  const nd = Math.min(3, h.dim[0]);
  const bad = [0, 1, 2].filter((a) => a < nd && !(spacingMm[a] > 0 && Number.isFinite(spacingMm[a])));
  if (bad.length === 0) return null;
  const [size, base] = h.version === 1 ? [4, 76] : [8, 104];
  const first = bad[0] + 1, last = bad[bad.length - 1] + 1;
  const where = `bytes ${base + size * first}-${base + size * (last + 1) - 1}`;
  const stored = `pixdim[${bad.map((a) => a + 1).join(', ')}] (${where}) ${bad.length > 1 ? 'are' : 'is'} ${bad.map((a) => h.pixdim[a + 1]).join(', ')}`;
  const fromSform = bad.map((a) => Math.hypot(h.srow[a], h.srow[4 + a], h.srow[8 + a]) * unit);
  if (h.sformCode <= 0 || !fromSform.every((s) => s > 0 && Number.isFinite(s))) {
    const why = h.sformCode <= 0 ? 'there is no sform (sform_code 0)' : 'the sform has no length along that axis either';
    throw new NiftiError('bad-pixdim', `${stored}, so the voxel size is unknown: ${why} to take it from`);
  }
  bad.forEach((a, i) => (spacingMm[a] = fromSform[i]));
  return `spacing-from-sform: ${stored}; voxel size ${spacingMm.slice(0, nd).map((s) => Number(s.toPrecision(4))).join(' x ')} mm taken from the sform`;
}

/** Multiplier from the file's spatial unit to mm (xyzt_units bits 0-2: 1 m, 2 mm, 3 µm; 0 or unknown = mm). */
export function spatialUnitToMm(xyztUnits: number): number {
  switch (xyztUnits & 7) {
    case 1: return 1000;
    case 3: return 0.001;
    default: return 1;
  }
}

function chooseAffine(h: NiftiHeader, spacingMm: readonly number[], unit: number): number[] {
  if (h.sformCode > 0) return [...h.srow.map((x) => x * unit), 0, 0, 0, 1];
  if (h.qformCode > 0) return qformAffine(h, unit);
  return [spacingMm[0], 0, 0, 0, 0, spacingMm[1], 0, 0, 0, 0, spacingMm[2], 0, 0, 0, 0, 1];
}

/** NIfTI method 2: rotation from the quaternion, scaled by pixdim, the third column by qfac (pixdim[0]). */
function qformAffine(h: NiftiHeader, unit: number): number[] {
  let [b, c, d] = h.quatern;
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    // Rounding made |(b,c,d)| >= 1: a 180-degree rotation. Renormalise, as nifti1_io does.
    const n = Math.hypot(b, c, d);
    b /= n; c /= n; d /= n; a2 = 0;
  }
  const a = Math.sqrt(a2);
  const qfac = h.pixdim[0] < 0 ? -1 : 1;
  const s = [1, 2, 3].map((i) => {
    const p = Math.abs(h.pixdim[i]);
    return (p > 0 ? p : 1) * unit;
  });
  s[2] *= qfac;
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const o = h.qoffset.map((x) => x * unit);
  return [
    r[0][0] * s[0], r[0][1] * s[1], r[0][2] * s[2], o[0],
    r[1][0] * s[0], r[1][1] * s[1], r[1][2] * s[2], o[1],
    r[2][0] * s[0], r[2][1] * s[1], r[2][2] * s[2], o[2],
    0, 0, 0, 1,
  ];
}
