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

/**
 * The x-interval [x0, x1] (mm) of the line {(x, y, z) : x real} that lies within `r` of the capsule's axis segment,
 * null when the line misses it. The capsule is convex, so the points form one interval: the union of the line's
 * intersections with the cylinder (axis parameter u in [0, 1]) and with the two end spheres.
 */
export function capsuleRowInterval(c: Capsule, y: number, z: number, r: number): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  const take = (a: number, b: number) => {
    if (a > b) return;
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  };
  // End spheres: (x - cx)² + (y - cy)² + (z - cz)² <= r².
  for (const [cx, cy, cz] of [[c.ax, c.ay, c.az], [c.bx, c.by, c.bz]]) {
    const h = r * r - (y - cy) * (y - cy) - (z - cz) * (z - cz);
    if (h >= 0) take(cx - Math.sqrt(h), cx + Math.sqrt(h));
  }
  // Cylinder, with t = x - ax: Q = (t, qy, qz), Q·D = t·dx + k, |Q|² - (Q·D)²/L² <= r², 0 <= Q·D <= L².
  const dx = c.bx - c.ax, dy = c.by - c.ay, dz = c.bz - c.az;
  const L2 = dx * dx + dy * dy + dz * dz;
  if (L2 <= 1e-12) return lo <= hi ? [lo, hi] : null;
  const qy = y - c.ay, qz = z - c.az;
  const k = qy * dy + qz * dz;
  const e = qy * qy + qz * qz;
  // Axis range: 0 <= t·dx + k <= L2.
  let t0 = -Infinity, t1 = Infinity;
  if (Math.abs(dx) > 1e-12) {
    const a = -k / dx, b = (L2 - k) / dx;
    t0 = Math.min(a, b);
    t1 = Math.max(a, b);
  } else if (k < 0 || k > L2) {
    return lo <= hi ? [lo, hi] : null;
  }
  // Radial: A t² + B t + C <= 0.
  const A = 1 - (dx * dx) / L2, B = (-2 * dx * k) / L2, C = e - (k * k) / L2 - r * r;
  if (A > 1e-12) {
    const disc = B * B - 4 * A * C;
    if (disc >= 0) {
      const s = Math.sqrt(disc);
      take(Math.max(t0, (-B - s) / (2 * A)) + c.ax, Math.min(t1, (-B + s) / (2 * A)) + c.ax);
    }
  } else if (C <= 0) {
    // Axis along x: every point of the axis range is within r.
    take(t0 + c.ax, t1 + c.ax);
  }
  return lo <= hi ? [lo, hi] : null;
}
