import type { NiftiHeader } from './header.js';
import { NiftiError, volumeCount } from './header.js';

export interface VolumeGeometry {
  /** nx, ny, nz (nz = 1 for 2-D files). */
  readonly dims: readonly [number, number, number];
  /** |pixdim[1..3]| in mm, converted with xyzt_units (m, mm, µm; 0 = assume mm). */
  readonly spacingMm: readonly [number, number, number];
  /** 16 numbers, row-major voxel (i, j, k) -> world mm: sform if sform_code > 0, else qform, else diag(spacing). */
  readonly affine: readonly number[];
  /** Voxel axis whose direction is closest to world z (superior); 2 when nz = 1. */
  readonly axialAxis: 0 | 1 | 2;
  /** Product of dim[4..7] (1 for 3-D). */
  readonly nVolumes: number;
  /** Set when the voxel size could not be taken from pixdim (0 or not finite) and came from the sform instead. */
  readonly spacingNote?: string;
}

/** For each voxel axis: the world axis (0 = x/R, 1 = y/A, 2 = z/S) it is closest to, and the sign (+1 = toward R/A/S). */
export interface AxisAssignment {
  readonly worldAxis: readonly [number, number, number];
  readonly sign: readonly [1 | -1, 1 | -1, 1 | -1];
}

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

/**
 * Assigns each voxel axis to a distinct world axis: repeatedly take the largest remaining |direction cosine|
 * (columns normalised), like nibabel's io_orientation for non-degenerate affines. A zero column (a degenerate
 * affine) takes the first free world axis.
 */
export function closestAxes(affine: readonly number[]): AxisAssignment {
  const m: number[][] = [0, 1, 2].map((w) => [0, 1, 2].map((v) => affine[4 * w + v]));
  for (let v = 0; v < 3; v++) {
    const n = Math.hypot(m[0][v], m[1][v], m[2][v]);
    for (let w = 0; w < 3; w++) m[w][v] = n > 0 ? m[w][v] / n : 0;
  }
  const worldAxis = [-1, -1, -1];
  const sign: (1 | -1)[] = [1, 1, 1];
  const usedWorld = [false, false, false];
  for (let step = 0; step < 3; step++) {
    let best = -1, bw = -1, bv = -1;
    for (let v = 0; v < 3; v++) {
      if (worldAxis[v] >= 0) continue;
      for (let w = 0; w < 3; w++) {
        if (usedWorld[w]) continue;
        const x = Math.abs(m[w][v]);
        if (x > best) { best = x; bw = w; bv = v; }
      }
    }
    worldAxis[bv] = bw;
    usedWorld[bw] = true;
    sign[bv] = m[bw][bv] < 0 ? -1 : 1;
  }
  return { worldAxis: worldAxis as [number, number, number], sign: sign as [1 | -1, 1 | -1, 1 | -1] };
}
