/**
 * A compact synthetic chest CT in the canonical RAS+ frame (x toward patient Right, y toward Anterior, slice index
 * toward Superior), with exact ground truth evaluated at voxel centres. It stands in for `src/phantom` (being
 * written in parallel) so the default preset can be tested and benchmarked now; it has the structures that break
 * the tutorial's rules: outside air, a table with enclosed air slots, arms, a body with fat and muscle, heart,
 * spine, two unequal lungs with diaphragm domes, trachea and main bronchi (air, walled), vessels crossing slices
 * obliquely from the hila, nodules, stomach gas under the left lung, FOV padding and Gaussian noise.
 *
 * Truth: a voxel is lung iff its centre is inside a lung shape (vessels, nodules and bronchi inside count);
 * vessel iff lung and inside a vessel tube (nodules are not vessels).
 */
import type { HuSlice } from '../src/stages/types.js';
import { mulberry32 } from '../src/phantom/random.js';

export interface ChestOptions {
  readonly seed: number;
  /** nx, ny, nz */
  readonly shape: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly noiseHu?: number;
  readonly arms?: boolean;
}

export interface ChestTruth {
  /** Per slice (index = position, inferior first): lung pixels left / right, vessel pixels. */
  readonly leftPx: Int32Array;
  readonly rightPx: Int32Array;
  readonly vesselPx: Int32Array;
  /** Per slice: pixels of air-like structures that are not lung (trachea, bronchi outside the lung, gas, slots). */
  readonly otherAirPx: Int32Array;
  readonly pixelAreaMm2: number;
  readonly lungVolumeMl: number;
  readonly leftVolumeMl: number;
  readonly rightVolumeMl: number;
  readonly vesselVolumeMl: number;
}

export interface ChestVolume {
  readonly slices: HuSlice[];
  /** 0 other, 1 left lung, 2 right lung, 3 vessel in left, 4 vessel in right, 5 airway, 6 gas/slot; slice-major. */
  readonly labels: Uint8Array;
  readonly truth: ChestTruth;
  readonly sliceSpacingMm: number;
  readonly inPlaneSpacingMm: readonly [number, number];
}

interface Tube { ax: number; ay: number; az: number; bx: number; by: number; bz: number; r: number }
interface Ball { x: number; y: number; z: number; r: number }

function tubeDist2(t: Tube, x: number, y: number, z: number): number {
  const dx = t.bx - t.ax, dy = t.by - t.ay, dz = t.bz - t.az;
  const len2 = dx * dx + dy * dy + dz * dz;
  let u = ((x - t.ax) * dx + (y - t.ay) * dy + (z - t.az) * dz) / len2;
  u = u < 0 ? 0 : u > 1 ? 1 : u;
  const px = t.ax + u * dx - x, py = t.ay + u * dy - y, pz = t.az + u * dz - z;
  return px * px + py * py + pz * pz;
}

export function syntheticChest(o: ChestOptions): ChestVolume {
  const rnd = mulberry32(o.seed);
  const uni = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const [nx, ny, nz] = o.shape;
  const [sx, sy, sz] = o.spacingMm;
  const noise = o.noiseHu ?? 20;
  const zTop = nz * sz;
  // Body and lungs, mm; x toward Right, y toward Anterior, z toward Superior, origin at the image centre.
  const bodyA = uni(140, 152), bodyB = uni(98, 110);
  const lungs = [
    { side: 2, cx: uni(64, 70), cy: uni(-10, -4), ax: uni(50, 55), ay: uni(70, 76) }, // right, larger
    { side: 1, cx: -uni(64, 70), cy: uni(-10, -4), ax: uni(43, 48), ay: uni(62, 68) }, // left
  ];
  const apexZ = zTop - uni(0.08, 0.14) * zTop;
  const baseZ = uni(0.16, 0.22) * zTop;
  const domeH = uni(0.12, 0.18) * zTop;
  const heart = { cx: -uni(20, 35), cy: uni(15, 30), ax: uni(50, 60), ay: uni(40, 48), z0: baseZ - 5, z1: baseZ + 0.45 * (apexZ - baseZ) };
  const carinaZ = baseZ + uni(0.58, 0.66) * (apexZ - baseZ);
  const tracheaY = uni(10, 25);
  const airway: Tube[] = [
    { ax: 0, ay: tracheaY, az: carinaZ, bx: 0, by: tracheaY, bz: zTop + 50, r: 9 },
    { ax: 0, ay: tracheaY, az: carinaZ, bx: lungs[0].cx - 22, by: -2, bz: carinaZ - 22, r: 6 },
    { ax: 0, ay: tracheaY, az: carinaZ, bx: lungs[1].cx + 22, by: -2, bz: carinaZ - 26, r: 5.5 },
  ];
  const wall = 2;
  const vessels: Tube[] = [];
  for (const l of lungs) {
    const hx = l.cx - Math.sign(l.cx) * 0.6 * l.ax, hz = baseZ + 0.5 * (apexZ - baseZ);
    for (let k = 0; k < 9; k++) {
      const ang = uni(0, 2 * Math.PI);
      const rr = uni(0.45, 0.8);
      const ex = l.cx + rr * l.ax * Math.cos(ang), ey = l.cy + rr * l.ay * Math.sin(ang);
      const ez = uni(baseZ + 0.1 * domeH, apexZ - 15);
      const r = uni(1.8, 4.5);
      vessels.push({ ax: hx, ay: l.cy + uni(-10, 10), az: hz + uni(-15, 15), bx: ex, by: ey, bz: ez, r });
      // A thinner branch off the middle of the trunk.
      const mx = (hx + ex) / 2, my = (l.cy + ey) / 2, mz = (hz + ez) / 2;
      vessels.push({ ax: mx, ay: my, az: mz, bx: mx + uni(-25, 25), by: my + uni(-25, 25), bz: mz + uni(-30, 30), r: r * 0.55 });
    }
  }
  const nodules: Ball[] = [];
  for (let k = 0; k < 3; k++) {
    const l = lungs[k % 2];
    nodules.push({ x: l.cx + uni(-0.4, 0.4) * l.ax, y: l.cy + uni(-0.4, 0.4) * l.ay, z: uni(baseZ + domeH, apexZ - 20), r: uni(2, 5) });
  }
  const stomach = { cx: -uni(55, 70), cy: uni(10, 25), cz: baseZ - uni(8, 14), rx: 45, ry: 40, rz: 35 };
  const arms = o.arms ?? true;
  const armR = uni(32, 38);
  const fovR = Math.max(nx * sx, ny * sy) / 2;
  const tableY0 = -bodyB - 22, tableY1 = -bodyB - 8;

  const lungAt = (l: (typeof lungs)[number], x: number, y: number, z: number): boolean => {
    const ex = (x - l.cx) / l.ax, ey = (y - l.cy) / l.ay;
    const r2 = ex * ex + ey * ey;
    if (r2 > 1 || z > apexZ || z < baseZ) return false;
    if ((x / bodyA) ** 2 + (y / bodyB) ** 2 > 0.8) return false; // the chest wall: lungs never reach the skin
    const apexShrink = (apexZ - z) / (0.35 * (apexZ - baseZ)); // taper toward the apex
    if (apexShrink < 1 && r2 > apexShrink * apexShrink) return false;
    if (z < baseZ + domeH * (1 - r2)) return false; // diaphragm dome
    const hx = (x - heart.cx) / heart.ax, hy = (y - heart.cy) / heart.ay;
    if (z >= heart.z0 && z <= heart.z1 && hx * hx + hy * hy <= 1.1) return false;
    return true;
  };

  const slices: HuSlice[] = [];
  const labels = new Uint8Array(nx * ny * nz);
  const leftPx = new Int32Array(nz), rightPx = new Int32Array(nz), vesselPx = new Int32Array(nz), otherAirPx = new Int32Array(nz);
  for (let k = 0; k < nz; k++) {
    const z = (k + 0.5) * sz;
    const hu = new Float32Array(nx * ny);
    for (let j = 0; j < ny; j++) {
      const y = (j - (ny - 1) / 2) * sy;
      for (let i = 0; i < nx; i++) {
        const x = (i - (nx - 1) / 2) * sx;
        const p = i + j * nx;
        let v = -1000;
        let label = 0;
        const bx = x / bodyA, by = y / bodyB;
        const body2 = bx * bx + by * by;
        if (x * x + y * y > fovR * fovR) { hu[p] = -1024; continue; }
        if (body2 <= 1) {
          v = body2 > 0.88 ? -100 : 40;
          const sdx = x / 18, sdy = (y + bodyB * 0.7) / 18;
          if (sdx * sdx + sdy * sdy <= 1) v = 700;
          const hx = (x - heart.cx) / heart.ax, hy = (y - heart.cy) / heart.ay;
          if (z >= heart.z0 && z <= heart.z1 && hx * hx + hy * hy <= 1) v = 40;
          for (const l of lungs) {
            if (lungAt(l, x, y, z)) { v = -850; label = l.side; }
          }
          const st = ((x - stomach.cx) / stomach.rx) ** 2 + ((y - stomach.cy) / stomach.ry) ** 2 + ((z - stomach.cz) / stomach.rz) ** 2;
          if (st <= 1) {
            // The stomach with its wall and the diaphragm over it displaces the lung: gas never touches parenchyma.
            v = 20;
            label = 0;
            const gx = (x - stomach.cx) / (stomach.rx - 5), gy = (y - stomach.cy) / (stomach.ry - 5), gz = (z - stomach.cz) / (stomach.rz - 5);
            if (y > stomach.cy + 8 && gx * gx + gy * gy + gz * gz <= 1) { v = -1000; label = 6; }
          }
          for (const a of airway) {
            const d2 = tubeDist2(a, x, y, z);
            if (d2 <= a.r * a.r) {
              v = -1000;
              if (label === 0) label = 5;
            } else if (d2 <= (a.r + wall) * (a.r + wall) && v < -300) v = 40;
          }
          if (label === 1 || label === 2) {
            for (const n of nodules) {
              const d2 = (x - n.x) ** 2 + (y - n.y) ** 2 + (z - n.z) ** 2;
              if (d2 <= n.r * n.r) v = 20;
            }
          }
          for (const t of vessels) {
            if (tubeDist2(t, x, y, z) <= t.r * t.r) {
              v = 40;
              if (label === 1 || label === 2) label += 2;
            }
          }
        } else {
          if (y >= tableY0 && y <= tableY1 && Math.abs(x) < bodyA + 40) {
            v = 100;
            if (y >= tableY0 + 4 && y <= tableY1 - 4 && Math.abs(x) < bodyA - 10 && Math.abs(x) > 15) { v = -1000; label = 6; }
          }
          if (arms) {
            for (const side of [-1, 1]) {
              const ax = x - side * (bodyA + armR + 6), ay = y - 5;
              if (ax * ax + ay * ay <= armR * armR) v = ax * ax + ay * ay > (armR - 4) ** 2 ? -100 : 40;
            }
          }
        }
        hu[p] = v + noise * gauss();
        labels[k * nx * ny + p] = label;
        if (label === 1 || label === 3) leftPx[k]++;
        if (label === 2 || label === 4) rightPx[k]++;
        if (label === 3 || label === 4) vesselPx[k]++;
        if (label === 5 || label === 6) otherAirPx[k]++;
      }
    }
    slices.push({ index: k, width: nx, height: ny, hu, spacingMm: [sx, sy] });
  }
  const pixelAreaMm2 = sx * sy;
  const toMl = (a: Int32Array) => (a.reduce((s, v) => s + v, 0) * pixelAreaMm2 * sz) / 1000;
  const leftVolumeMl = toMl(leftPx), rightVolumeMl = toMl(rightPx);
  return {
    slices,
    labels,
    truth: { leftPx, rightPx, vesselPx, otherAirPx, pixelAreaMm2, lungVolumeMl: leftVolumeMl + rightVolumeMl, leftVolumeMl, rightVolumeMl, vesselVolumeMl: toMl(vesselPx) },
    sliceSpacingMm: sz,
    inPlaneSpacingMm: [sx, sy],
  };
}
