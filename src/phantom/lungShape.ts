import type { Anatomy, LungSide } from './anatomy.js';
import { capsuleRowInterval, type Capsule } from './capsule.js';
import { LABEL } from './labels.js';

/** Per-height quantities of the lung shape, computed once per slice. */
export interface LungLevel {
  readonly z: number;
  /** In-plane scale of the [right, left] lung ellipse at this height (0 = no lung). */
  readonly width: readonly [number, number];
  /** Squared in-plane extent of the heart (with the lung margin) at this height, 0 when the heart is not here. */
  readonly heartK: number;
}

export function lungLevel(a: Anatomy, z: number): LungLevel {
  const h = a.heart;
  const hz = (z - h.cz) / (h.rz + h.lungMargin);
  return { z, width: [sideWidth(a, a.lungs[0], z), sideWidth(a, a.lungs[1], z)], heartK: 1 - hz * hz };
}

/** The lung widens steadily from a rounded apex toward the base: width = sqrt(1 - t^taper), t = 0 base .. 1 apex. */
function sideWidth(a: Anatomy, l: LungSide, z: number): number {
  if (z < a.lungBottom || z >= l.apexZ) return 0;
  const t = (z - a.lungBottom) / (l.apexZ - a.lungBottom);
  return Math.sqrt(1 - Math.pow(t, l.taper));
}

/** Height of the diaphragm under (x, y) on the given side, never below the lung bottom. */
export function diaphragmZ(a: Anatomy, l: LungSide, x: number, y: number): number {
  const ex = (x - l.domeCx) / l.ax, ey = (y - l.domeCy) / l.ay;
  return Math.max(a.lungBottom, l.domeTop - l.domeDepth * (ex * ex + ey * ey));
}

/**
 * Lung side at (x, y) of the level's height from the shapes drawn per pixel (cavity, mediastinal band, lung
 * ellipse, diaphragm dome, heart, vertebral body), before the mediastinal tubes are carved out.
 */
export function baseLungSide(a: Anatomy, lv: LungLevel, x: number, y: number): number {
  const c = a.cavity;
  const cx = (x - c.cx) / c.a, cy = (y - c.cy) / c.b;
  if (cx * cx + cy * cy > 1) return LABEL.other;
  const dx = x - a.mediastinum.cx;
  if (dx < a.mediastinum.halfWidth && dx > -a.mediastinum.halfWidth) return LABEL.other;
  const right = dx > 0;
  const l = right ? a.lungs[0] : a.lungs[1];
  const w = right ? lv.width[0] : lv.width[1];
  if (w <= 0) return LABEL.other;
  const ex = (x - l.cx) / (l.ax * w), ey = (y - l.cy) / (l.ay * w);
  if (ex * ex + ey * ey > 1) return LABEL.other;
  if (lv.z < diaphragmZ(a, l, x, y)) return LABEL.other;
  if (lv.heartK > 0) {
    const h = a.heart;
    const hx = (x - h.cx) / (h.rx + h.lungMargin), hy = (y - h.cy) / (h.ry + h.lungMargin);
    if (hx * hx + hy * hy <= lv.heartK) return LABEL.other;
  }
  const sp = a.spine;
  const sx = x / (sp.rx + sp.lungMargin), sy = (y - sp.cy) / (sp.ry + sp.lungMargin);
  if (sx * sx + sy * sy <= 1) return LABEL.other;
  return right ? LABEL.rightLung : LABEL.leftLung;
}

/** A mediastinal or hilar tube the lungs keep clear of, with the clearance (mm) added to its radius. */
export interface LungExclusion {
  readonly tube: Capsule;
  readonly clearance: number;
}

/** Tubes the lungs keep clear of: airways and vessels of the mediastinum and of the hilar roots. */
export function lungExclusions(a: Anatomy): LungExclusion[] {
  const w = a.airwayWall;
  return [
    ...a.trachea.map((tube) => ({ tube, clearance: w + a.mediastinalMargin })),
    ...a.bronchiOutside.map((tube) => ({ tube, clearance: w + (2 / 3) * a.mediastinalMargin })),
    ...a.mediastinalTubes.map((tube) => ({ tube, clearance: a.mediastinalMargin })),
    ...a.lungRoots,
  ];
}

/**
 * The span [x0, x1] (mm) of row y at height z that an exclusion takes from the lungs, null when it does not reach
 * the row. Mediastinal and hilar structures lie in the mediastinum, never inside a lung: the span runs from the
 * tube (grown by its clearance) to the mediastinal centre line, so the fat around a great vessel always joins the
 * rest of the mediastinum and the lung wraps around it instead of enclosing it.
 */
export function exclusionSpan(a: Anatomy, e: LungExclusion, y: number, z: number): [number, number] | null {
  const t = e.tube;
  // Only where the plane cuts at least a full-calibre disc of the grown tube: above and below that, the span
  // would be a thin sheet of fat reaching across the lung, which no anatomy has; the tube's round end is left to
  // the lung there (painted as lung, or as a vessel or bronchus inside it).
  const R = t.r + e.clearance;
  const dz = Math.max(0, Math.min(t.az, t.bz) - z, z - Math.max(t.az, t.bz));
  if (dz * dz > R * R - t.r * t.r) return null;
  const iv = capsuleRowInterval(t, y, z, R);
  if (iv === null) return null;
  const m = a.mediastinum.cx;
  return [Math.min(iv[0], m), Math.max(iv[1], m)];
}

/** The lung label (0, left or right) at a point; the same rule the slice renderer applies per voxel centre. */
export function lungSideAt(a: Anatomy, x: number, y: number, z: number, exclusions = lungExclusions(a)): number {
  const side = baseLungSide(a, lungLevel(a, z), x, y);
  if (side === LABEL.other) return side;
  for (const e of exclusions) {
    const span = exclusionSpan(a, e, y, z);
    if (span !== null && x >= span[0] && x <= span[1]) return LABEL.other;
  }
  return side;
}
