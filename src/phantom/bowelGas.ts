/**
 * Gas below the diaphragm that reads like lung (issue 16): what a sharp reconstruction kernel and partial volume
 * make of colon and stomach gas on real chest CTs — pockets of 15–40 mL whose median HU is -860 … -945, inside the
 * parenchyma range, with specks of fold and stool in them. An option of the generator (PhantomOptions.bowelGas):
 * without it a seed's image and truth are as before.
 *
 *   colon:   the hepatic flexure interposed in front of the liver, under the anterior part of the right dome;
 *   stomach: the fundus under the left dome, filling the stomach's upper part with gas;
 *   both:    the two.
 *
 * Every pocket keeps the diaphragm's thickness plus `gapMm` (liver capsule, bowel wall, fat) from the lung in
 * every direction (checked over the upper half sphere), so no gas voxel lies nearer than that to lung. Truth:
 * LABEL.stomachGas (not lung).
 */
import type { Anatomy } from './anatomy.js';
import { capsule, segmentDist2, zRange, type Capsule } from './capsule.js';
import { LABEL } from './labels.js';
import { diaphragmZ } from './lungShape.js';
import { drawFrom, GaussianStream, mixSeed, mulberry32, type Draw } from './random.js';

export const BOWEL_GAS_VARIANTS = ['colon', 'stomach', 'both'] as const;
export type BowelGasVariant = (typeof BOWEL_GAS_VARIANTS)[number];

export interface BowelGasOptions {
  readonly variant: BowelGasVariant;
  /** Tissue (mm) between the underside of the diaphragm and the gas; the diaphragm itself adds its thickness. */
  readonly gapMm: number;
}

interface Pocket {
  readonly side: 0 | 1; // index into Anatomy.lungs: 0 right, 1 left
  /** The pocket's shape before it is clipped under the diaphragm; inside(x, y, z) also checks what it replaces. */
  readonly inside: (x: number, y: number, z: number, hu: number, label: number) => boolean;
  readonly box: { readonly x0: number; readonly x1: number; readonly y0: number; readonly y1: number; readonly z0: number; readonly z1: number };
  /** Median HU of the gas (partial volume across the slice), sd of the sharp kernel's noise, share of dense specks. */
  readonly baseHu: number;
  readonly noiseSd: number;
  readonly speckFraction: number;
}

interface Grid {
  readonly nx: number; readonly ny: number;
  readonly sx: number; readonly sy: number;
}

/** A fixed stream id, so that bowel gas draws never touch the anatomy's own draws. */
const STREAM = 0xb0e1;

export class BowelGasPainter {
  private readonly pockets: Pocket[];
  private readonly seed: number;

  constructor(private readonly a: Anatomy, private readonly g: Grid, private readonly o: BowelGasOptions, seed: number) {
    if (!(o.gapMm >= 0) || !Number.isFinite(o.gapMm)) throw new RangeError(`bowel gas gap must be >= 0 mm, got ${o.gapMm}`);
    this.seed = mixSeed(seed, STREAM);
    const d = drawFrom(mulberry32(this.seed));
    this.pockets = [];
    if (o.variant !== 'stomach') this.pockets.push(this.colon(d));
    if (o.variant !== 'colon') this.pockets.push(this.stomach(d));
  }

  /** Paints the gas into slice k (height z) after the anatomy and before the scanner's noise. */
  paint(k: number, z: number, hu: Float32Array, label: Uint8Array): void {
    const { nx, ny, sx, sy } = this.g;
    let gs: GaussianStream | null = null;
    for (const p of this.pockets) {
      const b = p.box;
      if (z < b.z0 || z > b.z1) continue;
      gs ??= new GaussianStream(mixSeed(this.seed, k));
      const i0 = Math.max(0, Math.ceil(b.x0 / sx + (nx - 1) / 2)), i1 = Math.min(nx - 1, Math.floor(b.x1 / sx + (nx - 1) / 2));
      const j0 = Math.max(0, Math.ceil(b.y0 / sy + (ny - 1) / 2)), j1 = Math.min(ny - 1, Math.floor(b.y1 / sy + (ny - 1) / 2));
      for (let j = j0; j <= j1; j++) {
        const y = (j - (ny - 1) / 2) * sy;
        for (let i = i0; i <= i1; i++) {
          const x = (i - (nx - 1) / 2) * sx;
          const q = j * nx + i;
          if (!p.inside(x, y, z, hu[q], label[q])) continue;
          if (!this.clearOfLung(p.side, x, y, z)) {
            // The stomach's own bubble where it rises nearer than the gap: stomach content instead.
            if (label[q] === LABEL.stomachGas) {
              hu[q] = this.a.hu.stomachContent;
              label[q] = LABEL.other;
            }
            continue;
          }
          const speck = gs.next();
          hu[q] = Math.abs(speck) > speckThreshold(p.speckFraction)
            ? this.a.hu.stomachContent - 150 + 100 * Math.abs(gs.next()) // a fold or stool: tissue blurred into the gas
            : p.baseHu + p.noiseSd * gs.next();
          label[q] = LABEL.stomachGas;
        }
      }
    }
  }

  /**
   * True when no lung lies within the clearance (diaphragm thickness + gapMm) of (x, y, z). Lung lies only above
   * the diaphragm, and whatever is above the diaphragm at a point is above it higher up too, so it is enough to
   * look at the upper half of the sphere of that radius: every sampled point must lie below the diaphragm's
   * underside.
   */
  private clearOfLung(side: 0 | 1, x: number, y: number, z: number): boolean {
    const a = this.a;
    const lung = a.lungs[side];
    const c = a.diaphragmThickness + this.o.gapMm;
    for (const [ux, uy, uz] of UPPER_HEMISPHERE) {
      if (z + uz * c >= diaphragmZ(a, lung, x + ux * c, y + uy * c)) return false;
    }
    return true;
  }

  /** Colon gas interposed in front of the liver: a tube running across, under the anterior right dome. */
  private colon(d: Draw): Pocket {
    const a = this.a, s = a.inPlaneScale, zs = a.zScale;
    const right = a.lungs[0], c = a.cavity;
    const r = d.uni(13, 17) * s;
    const y = c.cy + c.b * d.uni(0.42, 0.5);
    const x0 = a.mediastinum.cx + d.uni(12, 20) * s, x1 = right.domeCx + right.ax * d.uni(0.35, 0.45);
    // Each end under the dome above it, the clearance below the diaphragm (the clipping trims what rises nearer):
    // the flexure follows the dome down toward the side.
    const endZ = (x: number) => diaphragmZ(a, right, x, y) - a.diaphragmThickness - this.o.gapMm - r * 0.5;
    const tube: Capsule = capsule([x0, y, endZ(x0)], [x1, y, endZ(x1) - d.uni(0, 6) * zs], r);
    const [z0, z1] = zRange(tube);
    const liver = Math.fround(a.hu.liver); // as the slice holds it (float32)
    return {
      side: 0,
      inside: (x, yy, z, hu) => hu === liver && segmentDist2(tube, x, yy, z) <= r * r,
      box: { x0: x0 - r, x1: x1 + r, y0: y - r, y1: y + r, z0, z1 },
      ...gasLook(d),
    };
  }

  /**
   * Stomach gas under the left dome: inside the stomach's wall, from as high as the clearance lets it (under the
   * dome's top) down by 18–28 mm, and the stomach's own gas bubble, all of it with the same look.
   */
  private stomach(d: Draw): Pocket {
    const a = this.a, st = a.stomach, left = a.lungs[1];
    const rx = st.rx - st.wall, ry = st.ry - st.wall, rz = st.rz - st.wall;
    const zFloor = left.domeTop - 2 * a.diaphragmThickness - this.o.gapMm - d.uni(18, 28) * a.zScale;
    const content = Math.fround(a.hu.stomachContent);
    return {
      side: 1,
      inside: (x, y, z, hu, label) => {
        if (label !== LABEL.stomachGas && (z < zFloor || hu !== content)) return false;
        const ex = (x - st.cx) / rx, ey = (y - st.cy) / ry, ez = (z - st.cz) / rz;
        return ex * ex + ey * ey + ez * ez <= 1;
      },
      box: { x0: st.cx - rx, x1: st.cx + rx, y0: st.cy - ry, y1: st.cy + ry, z0: st.cz - rz, z1: st.cz + rz },
      ...gasLook(d),
    };
  }
}

/** How a sharp kernel and partial volume make the gas look: its median, noise and specks. */
function gasLook(d: Draw): Pick<Pocket, 'baseHu' | 'noiseSd' | 'speckFraction'> {
  return { baseHu: d.uni(-945, -860), noiseSd: d.uni(60, 90), speckFraction: d.uni(0.02, 0.05) };
}

/** |N(0,1)| exceeds this with probability f. */
function speckThreshold(f: number): number {
  // Two-sided normal tail: a few values are enough for the 2–5 % drawn above.
  const table: [number, number][] = [[0.02, 2.326], [0.03, 2.17], [0.04, 2.054], [0.05, 1.96]];
  for (const [p, t] of table) if (f <= p) return t;
  return 1.96;
}

/** Unit vectors over the upper half sphere: the pole, and rings at 20°, 40°, 60°, 75° and 90° from it. */
const UPPER_HEMISPHERE: readonly (readonly [number, number, number])[] = [
  [0, 0, 1],
  ...[[20, 8], [40, 12], [60, 16], [75, 20], [90, 24]].flatMap(([polar, n]) =>
    Array.from({ length: n }, (_, q) => {
      const t = (polar * Math.PI) / 180, f = (2 * Math.PI * q) / n;
      return [Math.sin(t) * Math.cos(f), Math.sin(t) * Math.sin(f), Math.cos(t)] as const;
    })),
];
