import type { Anatomy, LungSide } from './anatomy.js';
import { insideCapsule, type Capsule } from './capsule.js';
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

/** Tubes the lungs keep clear of, each with the clearance (mm) added to its radius. */
export function lungExclusions(a: Anatomy): { readonly tube: Capsule; readonly clearance: number }[] {
  const w = a.airwayWall;
  return [
    ...a.trachea.map((tube) => ({ tube, clearance: w + a.mediastinalMargin })),
    ...a.bronchiOutside.map((tube) => ({ tube, clearance: w + (2 / 3) * a.mediastinalMargin })),
    ...a.mediastinalTubes.map((tube) => ({ tube, clearance: a.mediastinalMargin })),
  ];
}

/** The lung label (0, left or right) at a point; the same rule the slice renderer applies per voxel centre. */
export function lungSideAt(a: Anatomy, x: number, y: number, z: number, exclusions = lungExclusions(a)): number {
  const side = baseLungSide(a, lungLevel(a, z), x, y);
  if (side === LABEL.other) return side;
  for (const e of exclusions) if (insideCapsule(e.tube, x, y, z, e.clearance)) return LABEL.other;
  return side;
}
