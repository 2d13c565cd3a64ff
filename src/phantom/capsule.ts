/** A tube with round ends: all points within `r` mm of the segment a→b. The phantom's vessels and airways. */
export interface Capsule {
  readonly ax: number; readonly ay: number; readonly az: number;
  readonly bx: number; readonly by: number; readonly bz: number;
  readonly r: number;
}

export function capsule(a: readonly number[], b: readonly number[], r: number): Capsule {
  return { ax: a[0], ay: a[1], az: a[2], bx: b[0], by: b[1], bz: b[2], r };
}

/** Squared distance from (x, y, z) to the capsule's axis segment. */
export function segmentDist2(c: Capsule, x: number, y: number, z: number): number {
  const dx = c.bx - c.ax, dy = c.by - c.ay, dz = c.bz - c.az;
  const len2 = dx * dx + dy * dy + dz * dz;
  let u = len2 > 0 ? ((x - c.ax) * dx + (y - c.ay) * dy + (z - c.az) * dz) / len2 : 0;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  const px = c.ax + u * dx - x, py = c.ay + u * dy - y, pz = c.az + u * dz - z;
  return px * px + py * py + pz * pz;
}

export function insideCapsule(c: Capsule, x: number, y: number, z: number, grow = 0): boolean {
  const r = c.r + grow;
  return segmentDist2(c, x, y, z) <= r * r;
}

export interface Box2 { x0: number; x1: number; y0: number; y1: number }

/**
 * In-plane box (mm) that holds the capsule's cross-section with the plane at height z, grown by `grow`;
 * null when the capsule does not reach the plane.
 */
export function sliceBox(c: Capsule, z: number, grow: number): Box2 | null {
  const r = c.r + grow;
  const dz = c.bz - c.az;
  let u0: number, u1: number;
  if (Math.abs(dz) < 1e-9) {
    if (Math.abs(z - c.az) > r) return null;
    u0 = 0; u1 = 1;
  } else {
    const ua = (z - r - c.az) / dz, ub = (z + r - c.az) / dz;
    u0 = Math.max(0, Math.min(ua, ub));
    u1 = Math.min(1, Math.max(ua, ub));
    if (u0 > u1) return null;
  }
  const xa = c.ax + u0 * (c.bx - c.ax), xb = c.ax + u1 * (c.bx - c.ax);
  const ya = c.ay + u0 * (c.by - c.ay), yb = c.ay + u1 * (c.by - c.ay);
  return { x0: Math.min(xa, xb) - r, x1: Math.max(xa, xb) + r, y0: Math.min(ya, yb) - r, y1: Math.max(ya, yb) + r };
}

export function zRange(c: Capsule, grow = 0): [number, number] {
  const r = c.r + grow;
  return [Math.min(c.az, c.bz) - r, Math.max(c.az, c.bz) + r];
}
