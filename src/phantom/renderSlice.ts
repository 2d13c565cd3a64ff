import type { Anatomy } from './anatomy.js';
import { sliceBox, zRange, type Capsule } from './capsule.js';
import { LABEL } from './labels.js';
import { baseLungSide, diaphragmZ, exclusionSpan, lungExclusions, lungLevel, type LungExclusion, type LungLevel } from './lungShape.js';
import { GaussianStream, mixSeed } from './random.js';
import type { BowelGasPainter } from './bowelGas.js';

/** Internal label for main-bronchus lumen outside the lungs; written out as LABEL.airway. */
export const BRONCHUS_OUTSIDE = 10;

export interface Grid {
  readonly nx: number; readonly ny: number;
  readonly sx: number; readonly sy: number;
}

interface Tube { readonly tube: Capsule; readonly grow: number; readonly z0: number; readonly z1: number }

/** Filtering by height once per slice keeps the per-pixel work to the tubes that cross the slice. */
function tubes(list: readonly Capsule[], grow: number): Tube[] {
  return list.map((tube) => {
    const [z0, z1] = zRange(tube, grow);
    return { tube, grow, z0, z1 };
  });
}

/**
 * Paints canonical slices: HU (integers, noise included) and truth labels, one voxel centre at a time.
 * Order: per-pixel shapes (outside: table, arms; body layers, ribs, sternum, spine, heart, lungs, diaphragm,
 * abdomen with the stomach gas), then tubes over their slice boxes: lung clearance around mediastinal tubes,
 * the mediastinal tubes, airways, pulmonary vessels, nodules; finally noise.
 */
export class SliceRenderer {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Per row, the first and last column inside the circular field of view (first > last: none). */
  private readonly fovFirst: Int32Array;
  private readonly fovLast: Int32Array;
  private readonly exclusions: (Tube & { readonly exclusion: LungExclusion })[];
  private readonly mediastinal: Tube[];
  private readonly airways: { t: Tube; label: number }[];
  private readonly vessels: Tube[];

  constructor(
    private readonly a: Anatomy, private readonly g: Grid, private readonly noiseHu: number, private readonly seed: number,
    private readonly bowelGas: BowelGasPainter | null = null,
  ) {
    const { nx, ny, sx, sy } = g;
    this.xs = Float64Array.from({ length: nx }, (_, i) => (i - (nx - 1) / 2) * sx);
    this.ys = Float64Array.from({ length: ny }, (_, j) => (j - (ny - 1) / 2) * sy);
    this.fovFirst = new Int32Array(ny);
    this.fovLast = new Int32Array(ny);
    const r = a.fovRadius;
    for (let j = 0; j < ny; j++) {
      const y = this.ys[j];
      const half = y * y <= r * r ? Math.sqrt(r * r - y * y) : -1;
      this.fovFirst[j] = half < 0 ? 1 : Math.max(0, Math.ceil(-half / sx + (nx - 1) / 2));
      this.fovLast[j] = half < 0 ? 0 : Math.min(nx - 1, Math.floor(half / sx + (nx - 1) / 2));
    }
    this.exclusions = lungExclusions(a).map((e) => ({ ...tubes([e.tube], e.clearance)[0], exclusion: e }));
    this.mediastinal = tubes(a.mediastinalTubes, 0);
    // A wall thinner than a pixel still shows in CT as a closed ring of pixels (partial volume); sampled at pixel
    // centres it would break up and let the lumen run into the lung around it, so it is drawn at least a pixel thick.
    const wall = Math.max(a.airwayWall, sx, sy);
    this.airways = [
      ...tubes(a.trachea, wall).map((t) => ({ t, label: LABEL.airway })),
      ...tubes([...a.bronchiOutside, ...a.bronchiInside], wall).map((t) => ({ t, label: BRONCHUS_OUTSIDE })),
    ];
    this.vessels = tubes(a.vessels, 0);
  }

  /**
   * Fills `hu` and `label` (nx*ny, x fastest) for canonical slice k whose centre is at height z (mm); and, when
   * given, `vesselRadius` with the radius (mm) of the largest vessel tube holding each pixel of the lungs (0 where
   * none does): the truth of vessel size (src/phantom/regionTruthTally.ts).
   */
  render(k: number, z: number, hu: Float32Array, label: Uint8Array, vesselRadius?: Float32Array): void {
    label.fill(0);
    hu.fill(this.a.paddingHu);
    const lv = lungLevel(this.a, z);
    for (let j = 0; j < this.g.ny; j++) {
      const row = j * this.g.nx;
      const y = this.ys[j];
      for (let i = this.fovFirst[j]; i <= this.fovLast[j]; i++) this.paintPixel(row + i, this.xs[i], y, z, lv, hu, label);
    }
    const active = (t: Tube) => z >= t.z0 && z <= t.z1;
    const fat = this.a.hu.fat, blood = this.a.hu.blood, muscle = this.a.hu.muscle, air = this.a.hu.air;
    for (const e of this.exclusions.filter(active)) this.clearSpan(e, z, fat, hu, label);
    for (const t of this.mediastinal.filter(active)) {
      this.eachInside(t, z, (p, inner) => { if (inner && label[p] === LABEL.other) hu[p] = blood; });
    }
    // Walls first, then every lumen, so that where branches join no wall closes another branch's lumen.
    const airways = this.airways.filter((w) => active(w.t));
    for (const { t } of airways) this.eachInside(t, z, (p, inner) => { if (!inner) hu[p] = muscle; });
    for (const { t, label: lumenLabel } of airways) {
      this.eachInside(t, z, (p, inner) => {
        if (!inner) return;
        const l = label[p];
        hu[p] = air;
        if (l === LABEL.other) label[p] = lumenLabel;
      });
    }
    vesselRadius?.fill(0);
    for (const t of this.vessels.filter(active)) {
      const r = t.tube.r;
      this.eachInside(t, z, (p, inner) => {
        if (!inner) return;
        const l = label[p];
        if (l === LABEL.leftLung || l === LABEL.rightLung) {
          label[p] = l + 2;
          hu[p] = blood;
        } else if (l === LABEL.other) {
          hu[p] = blood;
        }
        if (vesselRadius && vesselRadius[p] < r && (l === LABEL.leftLung || l === LABEL.rightLung || l === LABEL.leftVessel || l === LABEL.rightVessel)) {
          vesselRadius[p] = r;
        }
      });
    }
    this.paintNodules(z, hu, label);
    this.bowelGas?.paint(k, z, hu, label);
    this.addNoise(k, hu, label);
  }

  private paintPixel(p: number, x: number, y: number, z: number, lv: LungLevel, hu: Float32Array, label: Uint8Array): void {
    const a = this.a;
    const H = a.hu;
    const b = a.body;
    const bx = x / b.a, by = (y - b.cy) / b.b;
    if (bx * bx + by * by > 1) {
      hu[p] = H.air;
      this.paintOutsideBody(p, x, y, hu, label);
      return;
    }
    const ks = b.skin, kf = b.skin + b.fat;
    const sx = x / (b.a - ks), sy = (y - b.cy) / (b.b - ks);
    if (sx * sx + sy * sy > 1) { hu[p] = H.skin; return; }
    const fx = x / (b.a - kf), fy = (y - b.cy) / (b.b - kf);
    if (fx * fx + fy * fy > 1) { hu[p] = H.fat; return; }
    if (this.paintSpine(p, x, y, z, hu)) return;
    const c = a.cavity;
    const cx = (x - c.cx) / c.a, cy = (y - c.cy) / c.b;
    if (cx * cx + cy * cy > 1) { hu[p] = this.chestWall(x, y, z); return; }

    if (lv.heartK > 0) {
      // Heart and the epicardial fat around it (both inside the lungs' clearance from the heart).
      const h = a.heart;
      const hz = (z - h.cz) / h.rz, fz = (z - h.cz) / (h.rz + h.fat);
      const hx = (x - h.cx) / h.rx, hy = (y - h.cy) / h.ry;
      if (hx * hx + hy * hy <= 1 - hz * hz) { hu[p] = H.blood; return; }
      const gx = (x - h.cx) / (h.rx + h.fat), gy = (y - h.cy) / (h.ry + h.fat);
      if (gx * gx + gy * gy <= 1 - fz * fz) { hu[p] = H.fat; return; }
    }
    const side = baseLungSide(a, lv, x, y);
    if (side !== LABEL.other) {
      label[p] = side;
      const posterior = (c.cy + c.b - y) / (2 * c.b);
      hu[p] = H.lung + H.lungGradient * (posterior - 0.5);
      return;
    }
    const right = x > a.mediastinum.cx;
    const lung = right ? a.lungs[0] : a.lungs[1];
    const dz = diaphragmZ(a, lung, x, y);
    if (z >= dz) {
      const mx = (x - a.mediastinum.cx) / a.mediastinum.fatHalfWidth;
      hu[p] = mx * mx + cy * cy <= 1 && z < a.lungs[0].apexZ ? H.fat : H.muscle;
      return;
    }
    if (z >= dz - a.diaphragmThickness) { hu[p] = H.muscle; return; }
    if (right) { hu[p] = H.liver; return; }
    this.paintLeftAbdomen(p, x, y, z, dz, hu, label);
  }

  private paintOutsideBody(p: number, x: number, y: number, hu: Float32Array, label: Uint8Array): void {
    const a = this.a;
    const t = a.table;
    if (t && y <= t.top && y >= t.bottom && Math.abs(x) <= t.halfWidth) {
      hu[p] = a.hu.table;
      for (const s of t.slots) {
        if (x >= s.x0 && x <= s.x1 && y >= s.y0 && y <= s.y1) {
          hu[p] = a.hu.air;
          label[p] = LABEL.tableSlot;
        }
      }
      return;
    }
    for (const arm of a.arms) {
      const ex = (x - arm.cx) / arm.a, ey = (y - arm.cy) / arm.b;
      if (ex * ex + ey * ey > 1) continue;
      const bx = x - arm.boneX, by = y - arm.boneY;
      const rb = bx * bx + by * by;
      const cortex = arm.boneR - 3 * (arm.boneR / 10);
      if (rb <= arm.boneR * arm.boneR) { hu[p] = rb > cortex * cortex ? a.hu.cortical : a.hu.marrow; return; }
      const ix = (x - arm.cx) / (arm.a - arm.fat), iy = (y - arm.cy) / (arm.b - arm.fat);
      hu[p] = ix * ix + iy * iy <= 1 ? a.hu.muscle : a.hu.fat;
      return;
    }
  }

  /** Vertebral body (cortical rim, cancellous core, discs), canal and posterior elements. */
  private paintSpine(p: number, x: number, y: number, z: number, hu: Float32Array): boolean {
    const sp = this.a.spine;
    const H = this.a.hu;
    const w = this.a.inPlaneScale;
    if (x > 30 * w || x < -30 * w || y > sp.cy + sp.ry) return false;
    const vx = x / sp.rx, vy = (y - sp.cy) / sp.ry;
    if (vx * vx + vy * vy <= 1) {
      const phase = (((z - sp.discPhase) % sp.discPeriod) + sp.discPeriod) % sp.discPeriod;
      if (phase < 2 * sp.discHalf) { hu[p] = H.disc; return true; }
      const ix = x / (sp.rx - sp.cortex), iy = (y - sp.cy) / (sp.ry - sp.cortex);
      const vertebra = Math.floor((z - sp.discPhase) / sp.discPeriod);
      const n = sp.cancellous.length;
      hu[p] = ix * ix + iy * iy > 1 ? H.cortical : sp.cancellous[((vertebra % n) + n) % n];
      return true;
    }
    const cy = sp.canalCy, r = sp.canalR;
    const d2 = x * x + (y - cy) * (y - cy);
    if (d2 <= r * r) { hu[p] = H.csf; return true; }
    const lamina = r + 5 * w;
    if (d2 <= lamina * lamina && y <= cy + 2 * w) { hu[p] = H.cortical * 0.6; return true; }
    if (Math.abs(x) <= 4 * w && y <= cy - r && y >= cy - 36 * w) { hu[p] = H.cortical * 0.6; return true; }
    if (Math.abs(y - cy - 2 * w) <= 4 * w && Math.abs(x) <= 26 * w && Math.abs(x) > r) { hu[p] = H.cortical * 0.6; return true; }
    return false;
  }

  /** Muscle of the chest wall with the ribs (bone arcs that descend toward the front) and the sternum. */
  private chestWall(x: number, y: number, z: number): number {
    const a = this.a;
    const H = a.hu;
    const st = a.sternum;
    if (x <= st.halfWidth && x >= -st.halfWidth && y >= st.y0 && y <= st.y1 && z >= st.z0 && z <= st.z1) {
      const rim = 2 * (st.y1 - st.y0) / 10;
      return Math.abs(x) > st.halfWidth - rim || y < st.y0 + rim || y > st.y1 - rim ? H.cortical : H.marrow;
    }
    const rb = a.ribs;
    const ux = (x - rb.ring.cx) / rb.ring.a, uy = (y - rb.ring.cy) / rb.ring.b;
    const rr = Math.sqrt(ux * ux + uy * uy);
    if (rr === 0) return H.muscle;
    const dist = Math.hypot(x - rb.ring.cx, y - rb.ring.cy);
    const radial = dist - dist / rr;
    if (radial > rb.halfRadial || radial < -rb.halfRadial) return H.muscle;
    const theta = Math.atan2(Math.abs(ux), -uy);
    if (theta < rb.start || theta > rb.cartilageEnd) return H.muscle;
    const along = (theta - rb.start) / (rb.cartilageEnd - rb.start);
    const zPosterior = z + rb.drop * along;
    const n = Math.round((rb.topZ - zPosterior) / rb.spacing);
    if (n < 0 || n >= rb.count) return H.muscle;
    const dz = zPosterior - (rb.topZ - n * rb.spacing);
    const e = (radial / rb.halfRadial) ** 2 + (dz / rb.halfZ) ** 2;
    if (e > 1) return H.muscle;
    if (theta > rb.boneEnd) return H.cartilage;
    return e > 0.45 ? H.cortical : H.marrow;
  }

  /** Below the left dome: the stomach (wall, content, gas at its top) in soft tissue. */
  private paintLeftAbdomen(p: number, x: number, y: number, z: number, dz: number, hu: Float32Array, label: Uint8Array): void {
    const a = this.a;
    const s = a.stomach;
    const ex = (x - s.cx) / s.rx, ey = (y - s.cy) / s.ry, ez = (z - s.cz) / s.rz;
    if (ex * ex + ey * ey + ez * ez > 1) { hu[p] = a.hu.muscle + 5; return; }
    const ix = (x - s.cx) / (s.rx - s.wall), iy = (y - s.cy) / (s.ry - s.wall), iz = (z - s.cz) / (s.rz - s.wall);
    if (ix * ix + iy * iy + iz * iz > 1) { hu[p] = a.hu.muscle; return; }
    hu[p] = a.hu.stomachContent;
    const g = a.gas;
    const gx = (x - g.cx) / g.rx, gy = (y - g.cy) / g.ry, gz = (z - g.cz) / g.rz;
    if (gx * gx + gy * gy + gz * gz > 1 || z > dz - g.domeClearance) return;
    const h = a.heart, c = g.heartClearance;
    const hx = (x - h.cx) / (h.rx + c), hy = (y - h.cy) / (h.ry + c), hz = (z - h.cz) / (h.rz + c);
    if (hx * hx + hy * hy + hz * hz <= 1) return;
    hu[p] = a.hu.air;
    label[p] = LABEL.stomachGas;
  }

  private paintNodules(z: number, hu: Float32Array, label: Uint8Array): void {
    for (const n of this.a.nodules) {
      const dz = z - n.z;
      if (dz > n.r || dz < -n.r) continue;
      const code = n.side === 'left' ? LABEL.leftNodule : LABEL.rightNodule;
      const r2 = n.r * n.r - dz * dz;
      this.eachInBox(n.x - n.r, n.x + n.r, n.y - n.r, n.y + n.r, (p, x, y) => {
        if ((x - n.x) ** 2 + (y - n.y) ** 2 > r2) return;
        const l = label[p];
        if (l >= LABEL.leftLung && l <= LABEL.rightVessel) {
          label[p] = code;
          hu[p] = this.a.hu.nodule;
        }
      });
    }
  }

  /** Rounds to integer HU after adding noise; lung parenchyma gets its texture on top (one draw per voxel). */
  private addNoise(k: number, hu: Float32Array, label: Uint8Array): void {
    const gs = new GaussianStream(mixSeed(this.seed, k));
    const sd = this.noiseHu;
    const lungSd = Math.hypot(sd, this.a.hu.lungTexture);
    for (let j = 0; j < this.g.ny; j++) {
      const row = j * this.g.nx;
      for (let i = this.fovFirst[j]; i <= this.fovLast[j]; i++) {
        const p = row + i;
        const l = label[p];
        const s = l === LABEL.leftLung || l === LABEL.rightLung ? lungSd : sd;
        const v = Math.round(hu[p] + s * gs.next());
        hu[p] = v < -1024 ? -1024 : v > 3071 ? 3071 : v;
      }
    }
  }

  /** Lung pixels in the exclusion's span of each row (see exclusionSpan) become mediastinal or hilar fat. */
  private clearSpan(t: Tube & { readonly exclusion: LungExclusion }, z: number, fat: number, hu: Float32Array, label: Uint8Array): void {
    const box = sliceBox(t.tube, z, t.grow);
    if (!box) return;
    const { nx, ny, sy } = this.g;
    const j0 = Math.max(0, Math.ceil(box.y0 / sy + (ny - 1) / 2)), j1 = Math.min(ny - 1, Math.floor(box.y1 / sy + (ny - 1) / 2));
    for (let j = j0; j <= j1; j++) {
      const y = this.ys[j];
      const span = exclusionSpan(this.a, t.exclusion, y, z);
      if (span === null) continue;
      const row = j * nx;
      for (let i = this.fovFirst[j]; i <= this.fovLast[j]; i++) {
        const x = this.xs[i];
        if (x < span[0] || x > span[1]) continue;
        const p = row + i;
        if (label[p] === LABEL.leftLung || label[p] === LABEL.rightLung) {
          label[p] = LABEL.other;
          hu[p] = fat;
        }
      }
    }
  }

  /** Calls fn for pixels whose centre lies within the tube's radius (inner) or its grown radius (!inner). */
  private eachInside(t: Tube, z: number, fn: (p: number, inner: boolean) => void): void {
    const c = t.tube;
    const box = sliceBox(c, z, t.grow);
    if (!box) return;
    const dx = c.bx - c.ax, dy = c.by - c.ay, dzs = c.bz - c.az;
    const len2 = dx * dx + dy * dy + dzs * dzs;
    const inv = len2 > 0 ? 1 / len2 : 0;
    const r2 = c.r * c.r, g2 = (c.r + t.grow) * (c.r + t.grow);
    const qz = z - c.az;
    this.eachInBox(box.x0, box.x1, box.y0, box.y1, (p, x, y) => {
      const qx = x - c.ax, qy = y - c.ay;
      let u = (qx * dx + qy * dy + qz * dzs) * inv;
      u = u < 0 ? 0 : u > 1 ? 1 : u;
      const ex = qx - u * dx, ey = qy - u * dy, ez = qz - u * dzs;
      const d2 = ex * ex + ey * ey + ez * ez;
      if (d2 <= r2) fn(p, true);
      else if (d2 <= g2) fn(p, false);
    });
  }

  private eachInBox(x0: number, x1: number, y0: number, y1: number, fn: (p: number, x: number, y: number) => void): void {
    const { nx, ny, sx, sy } = this.g;
    const i0 = Math.max(0, Math.ceil(x0 / sx + (nx - 1) / 2)), i1 = Math.min(nx - 1, Math.floor(x1 / sx + (nx - 1) / 2));
    const j0 = Math.max(0, Math.ceil(y0 / sy + (ny - 1) / 2)), j1 = Math.min(ny - 1, Math.floor(y1 / sy + (ny - 1) / 2));
    for (let j = j0; j <= j1; j++) {
      const first = Math.max(i0, this.fovFirst[j]), last = Math.min(i1, this.fovLast[j]);
      const y = this.ys[j];
      for (let i = first; i <= last; i++) fn(j * nx + i, this.xs[i], y);
    }
  }
}
