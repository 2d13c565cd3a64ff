import { closestAxes, type VolumeGeometry } from '../geometry.js';
import { ReadError } from '../errors.js';
import type { DicomFileHeader } from './fileHeader.js';

/** A series' slices in order along the slice normal, and where they are. */
export interface SeriesLayout {
  /** The files' headers, ordered by position along the normal (ascending). */
  readonly ordered: readonly DicomFileHeader[];
  readonly geometry: VolumeGeometry;
  /** Per slice, the thickness its area stands for; null when the spacing is even. */
  readonly sliceWeightsMm: readonly number[] | null;
  /** Flags for the user: uneven spacing, gantry tilt, a slice spacing that had to be assumed. */
  readonly notes: readonly string[];
}

/** Two positions closer than this along the normal are the same slice. */
const DUPLICATE_MM = 0.01;
/** A gap that differs from the median gap by more than this fraction of it makes the spacing uneven. */
const UNEVEN_FRACTION = 0.01;
/** Direction cosines of two files differing by more than this are different orientations. */
const ORIENTATION_TOLERANCE = 1e-3;
/** A stack whose step leaves the normal by more than this many degrees was acquired with a tilted gantry. */
const TILT_DEGREES = 0.1;

const round = (x: number, digits = 4) => Number(x.toPrecision(digits));

/**
 * Orders a series' slices by ImagePositionPatient projected on the normal of ImageOrientationPatient (never by
 * InstanceNumber or names), measures the slice spacing from the positions, and builds the RAS+ affine (DICOM is
 * LPS: the x and y rows are negated). Throws a ReadError for what cannot be one volume.
 */
export function layoutSeries(headers: readonly DicomFileHeader[]): SeriesLayout {
  if (headers.length === 0) throw new ReadError('dicom-empty-series', 'the series has no files');
  checkEachFile(headers);
  const first = headers[0];
  const rows = first.rows!, columns = first.columns!;
  const mixed = headers.find((h) => h.rows !== rows || h.columns !== columns);
  if (mixed) {
    throw new ReadError('dicom-mixed-sizes', `the series mixes image sizes: ${first.path} is ${columns}x${rows} (columns x rows) but ${mixed.path} is ${mixed.columns}x${mixed.rows}`);
  }
  const single = headers.length === 1;
  const notes: string[] = [];
  const iop = orientationOf(headers, single, notes);
  const rowDir = iop.slice(0, 3), colDir = iop.slice(3, 6);
  const normal = cross(rowDir, colDir);
  const positioned = headers.map((h) => ({ h, at: positionOf(h, single), d: 0 }));
  for (const p of positioned) p.d = dot(p.at, normal);
  positioned.sort((a, b) => a.d - b.d);
  for (let i = 1; i < positioned.length; i++) {
    if (positioned[i].d - positioned[i - 1].d < DUPLICATE_MM) {
      const [a, b] = [positioned[i - 1], positioned[i]];
      throw new ReadError('dicom-duplicate-position', `two slices share a position: ${a.h.path} and ${b.h.path} both lie at ${round(a.d, 6)} mm along the slice normal (ImagePositionPatient ${fmt(a.at)} and ${fmt(b.at)})`);
    }
  }
  const gaps = positioned.slice(1).map((p, i) => p.d - positioned[i].d);
  const spacing = single ? singleSliceThickness(first, notes) : median(gaps);
  const uneven = gaps.some((g) => Math.abs(g - spacing) > UNEVEN_FRACTION * spacing);
  const sliceWeightsMm = uneven ? gaps.map((_, i) => i).concat(gaps.length).map((i) => weightOf(gaps, i)) : null;
  if (uneven) notes.push(unevenNote(gaps, spacing));
  const step = single ? normal.map((n) => n * spacing) : stepOf(positioned.map((p) => p.at), spacing, normal, notes);
  const ps = first.pixelSpacing ?? assumedPixelSpacing(first, notes);
  const [dRow, dCol] = ps;
  const origin = positioned[0].at;
  // Voxel (i, j, k): i along a row (column index, direction rowDir, spacing dCol), j down the columns.
  const lps = [
    [rowDir[0] * dCol, colDir[0] * dRow, step[0], origin[0]],
    [rowDir[1] * dCol, colDir[1] * dRow, step[1], origin[1]],
    [rowDir[2] * dCol, colDir[2] * dRow, step[2], origin[2]],
  ];
  const affine = [...lps[0].map((v) => -v), ...lps[1].map((v) => -v), ...lps[2], 0, 0, 0, 1].map((v) => v + 0);
  const dims: [number, number, number] = [columns, rows, headers.length];
  const axialAxis: 0 | 1 | 2 = dims[2] === 1 ? 2 : (closestAxes(affine).worldAxis.indexOf(2) as 0 | 1 | 2);
  const geometry: VolumeGeometry = { dims, spacingMm: [dCol, dRow, spacing], affine, axialAxis, nVolumes: 1 };
  return { ordered: positioned.map((p) => p.h), geometry, sliceWeightsMm, notes };
}

function checkEachFile(headers: readonly DicomFileHeader[]): void {
  for (const h of headers) {
    if (!h.hasPixelData) throw new ReadError('dicom-no-pixel-data', `${h.path} has no Pixel Data element (7FE0,0010)`);
    if (h.numberOfFrames > 1) {
      throw new ReadError('dicom-multiframe', `${h.path} holds ${h.numberOfFrames} frames (NumberOfFrames); multi-frame images are not read: convert the series to one frame per file (e.g. \`gdcmtool\` or \`dcm2niix\`)`);
    }
    if (!(h.rows! > 0 && h.columns! > 0)) throw new ReadError('dicom-unsupported-pixels', `${h.path} has no image size (Rows ${h.rows}, Columns ${h.columns})`);
  }
}

function orientationOf(headers: readonly DicomFileHeader[], single: boolean, notes: string[]): number[] {
  const first = headers[0];
  const iop = first.imageOrientationPatient;
  if (!iop) {
    if (!single) throw new ReadError('dicom-missing-geometry', `${first.path} has no ImageOrientationPatient (0020,0037): the slices of a series cannot be ordered without it`);
    notes.push('dicom-assumed-orientation: ImageOrientationPatient is missing; the image was taken as axial (rows toward the patient\'s left, columns posterior)');
    return [1, 0, 0, 0, 1, 0];
  }
  for (const h of headers) {
    const o = h.imageOrientationPatient;
    if (!o) throw new ReadError('dicom-missing-geometry', `${h.path} has no ImageOrientationPatient (0020,0037)`);
    if (o.some((v, i) => Math.abs(v - iop[i]) > ORIENTATION_TOLERANCE)) {
      throw new ReadError('dicom-mixed-orientation', `the series mixes orientations: ${first.path} has ImageOrientationPatient ${fmt(iop)} but ${h.path} has ${fmt(o)}`);
    }
  }
  return normalise(iop.slice(0, 3)).concat(normalise(iop.slice(3, 6)));
}

function positionOf(h: DicomFileHeader, single: boolean): number[] {
  if (h.imagePositionPatient) return [...h.imagePositionPatient];
  if (single) return [0, 0, 0];
  throw new ReadError('dicom-missing-geometry', `${h.path} has no ImagePositionPatient (0020,0032): the slices of a series cannot be ordered without it`);
}

function singleSliceThickness(h: DicomFileHeader, notes: string[]): number {
  if (h.sliceThicknessMm !== null && h.sliceThicknessMm > 0) return h.sliceThicknessMm;
  notes.push('dicom-assumed-slice-spacing: one slice without SliceThickness; its thickness was taken as 1 mm');
  return 1;
}

function assumedPixelSpacing(h: DicomFileHeader, notes: string[]): [number, number] {
  notes.push(`dicom-assumed-pixel-spacing: ${h.path} has no PixelSpacing (0028,0030); pixels were taken as 1 x 1 mm`);
  return [1, 1];
}

/** The stack's mean step vector; off the normal when the gantry was tilted (flagged, measured along the normal). */
function stepOf(positions: readonly number[][], spacing: number, normal: readonly number[], notes: string[]): number[] {
  const first = positions[0], last = positions[positions.length - 1];
  const along = last.map((v, i) => v - first[i]);
  const length = Math.hypot(...along);
  const cos = Math.min(1, Math.abs(dot(along, normal)) / length);
  const degrees = (Math.acos(cos) * 180) / Math.PI;
  const travel = dot(along, normal);
  // Per slice along the normal: the median spacing; the step keeps the in-plane shift per mm of the real stack.
  const step = along.map((v) => (v / travel) * spacing);
  if (degrees > TILT_DEGREES) {
    notes.push(`gantry-tilt: slices step ${round(degrees, 3)} degrees off the slice normal (gantry tilt); measured without resampling, each slice ${round(spacing)} mm thick along the normal; the mask affine is sheared to match`);
  }
  return step;
}

/** A slice's weight: the mean of the gaps to its neighbours (the one gap at either end). */
function weightOf(gaps: readonly number[], i: number): number {
  if (i === 0) return gaps[0];
  if (i === gaps.length) return gaps[gaps.length - 1];
  return (gaps[i - 1] + gaps[i]) / 2;
}

function unevenNote(gaps: readonly number[], spacing: number): string {
  const odd = gaps.map((g, i) => ({ g, i })).filter(({ g }) => Math.abs(g - spacing) > UNEVEN_FRACTION * spacing);
  const missing = odd.filter(({ g }) => g > 1.5 * spacing).reduce((n, { g }) => n + Math.round(g / spacing) - 1, 0);
  const shown = odd.slice(0, 5).map(({ g, i }) => `${round(g)} mm after slice ${i}`).join(', ');
  const more = odd.length > 5 ? `, and ${odd.length - 5} more` : '';
  const lost = missing > 0 ? `; about ${missing} slice${missing === 1 ? '' : 's'} missing` : '';
  return `uneven-slice-spacing: median gap ${round(spacing)} mm, min ${round(Math.min(...gaps))}, max ${round(Math.max(...gaps))}; ${odd.length} gap${odd.length === 1 ? '' : 's'} differ by more than ${UNEVEN_FRACTION * 100}%: ${shown}${more}${lost}; each slice weighted by its own spacing`;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function normalise(v: readonly number[]): number[] {
  const n = Math.hypot(v[0], v[1], v[2]);
  return n > 0 ? v.map((x) => x / n) : [...v];
}

function fmt(v: readonly number[]): string {
  return v.map((x) => round(x, 6)).join('\\');
}
