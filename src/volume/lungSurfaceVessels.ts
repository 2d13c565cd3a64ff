/**
 * Vessel voxels on the lung mask's surface: those with a face neighbour outside the lung, in the slice or in the
 * slice above or below, counted only along axes whose spacing is at most a limit in mm (a thick slice's step along
 * the sloping pleura is a band of voxels wide in the plane, most of them vessel: 21–31 % of the vessel volume of two
 * real scans with 3–4 mm slices). They stay lung (every density measure counts them), but no vessel measure does: at the
 * mediastinum and the hila they are the fat and tissue the closing bridges in (src/stages/anatomyClosing.ts) — a
 * rim one voxel thick that the local thickness reads as the smallest vessels — and along the pleura they are
 * partial volume with the chest wall. A neighbour beyond the image (a lung the field of view cuts) counts as lung.
 * Measured on phantoms: README, "BV5 and BV10 on fresh phantoms".
 */
import type { SliceCandidates } from '../stages/anatomy.js';
import { rightSideFromX } from '../biomarkers/midlineSplit.js';
import type { LungRegionSide } from './lungRegionSide.js';
import { paintRuns } from './masks.js';

/** One slice's vessel voxels on the lung's surface, and how many of them are in each lung. */
export interface SurfaceVessels {
  readonly voxels: Int32Array;
  readonly leftPx: number;
  readonly rightPx: number;
}

export const NO_SURFACE_VESSELS: SurfaceVessels = Object.freeze({ voxels: new Int32Array(0), leftPx: 0, rightPx: 0 });

/**
 * Per slice (in the order given, which must be the slices' order in space), its vessel voxels on the lung's
 * surface. `sidesOf(s)` gives slice s's lung regions as the assembly decided them.
 */
export function lungSurfaceVessels(
  slices: readonly SliceCandidates[],
  sidesOf: (s: number) => readonly LungRegionSide[],
  reach: SurfaceReach,
): SurfaceVessels[] {
  const planes = new LungPlanes(slices, sidesOf);
  const out: SurfaceVessels[] = [];
  for (let s = 0; s < slices.length; s++) {
    const sc = slices[s];
    const inPlane = Math.max(sc.spacingMm[0], sc.spacingMm[1]) <= reach.maxStepMm;
    out.push(inPlane || reach.acrossSlices ? surfaceOf(sc, sidesOf(s), planes.around(s, reach.acrossSlices), inPlane) : NO_SURFACE_VESSELS);
  }
  return out;
}

/** Which neighbours count: those in the plane when its pixels are at most maxStepMm, across slices if acrossSlices. */
export interface SurfaceReach {
  readonly maxStepMm: number;
  readonly acrossSlices: boolean;
}

interface Around {
  readonly here: Uint8Array;
  /** The lung of the slices below and above, null where there is none on the same grid or they do not count (taken as lung). */
  readonly below: Uint8Array | null;
  readonly above: Uint8Array | null;
}

function surfaceOf(sc: SliceCandidates, sides: readonly LungRegionSide[], { here, below, above }: Around, inPlane: boolean): SurfaceVessels {
  const { width, height } = sc;
  const splitX = rightSideFromX(sc);
  const found: number[] = [];
  let leftPx = 0, rightPx = 0;
  for (const r of sides) {
    const runs = sc.candidates[r.region].vesselRuns;
    for (let k = 0; k < runs.length; k += 3) {
      const y = runs[k], base = y * width;
      for (let x = runs[k + 1]; x < runs[k + 2]; x++) {
        const i = base + x;
        if (here[i] === 0) continue; // an island taken back: not lung, so not vessel either
        const onSurface =
          (inPlane && ((x > 0 && here[i - 1] === 0) || (x < width - 1 && here[i + 1] === 0) ||
            (y > 0 && here[i - width] === 0) || (y < height - 1 && here[i + width] === 0))) ||
          (below !== null && below[i] === 0) || (above !== null && above[i] === 0);
        if (!onSurface) continue;
        found.push(i);
        if (r.side === 'left' || (r.side === 'split' && x < splitX)) leftPx++;
        else rightPx++;
      }
    }
  }
  if (found.length === 0) return NO_SURFACE_VESSELS;
  return { voxels: Int32Array.from(found), leftPx, rightPx };
}

/** The lung masks of three consecutive slices, painted from their regions' runs and cleared the same way. */
class LungPlanes {
  private readonly ring: { s: number; plane: Uint8Array }[] = [];

  constructor(
    private readonly slices: readonly SliceCandidates[],
    private readonly sidesOf: (s: number) => readonly LungRegionSide[],
  ) {}

  /** Slice s's lung, and with acrossSlices those of the slices beside it. */
  around(s: number, acrossSlices: boolean): Around {
    const here = this.plane(s, s);
    if (!acrossSlices) return { here, below: null, above: null };
    const sameGrid = (t: number) => {
      const o = this.slices[t];
      return o !== undefined && o.width === this.slices[s].width && o.height === this.slices[s].height;
    };
    const below = sameGrid(s - 1) ? this.plane(s - 1, s) : null;
    const above = sameGrid(s + 1) ? this.plane(s + 1, s) : null;
    return { here, below, above };
  }

  /** Slice s's lung, painted if not held; planes of slices before centre - 1 are free for reuse. */
  private plane(s: number, centre: number): Uint8Array {
    const held = this.ring.find((p) => p.s === s);
    if (held) return held.plane;
    const sc = this.slices[s];
    // Reuse the plane of a slice no longer needed, cleared by its own runs.
    const stale = this.ring.findIndex((p) => p.s < centre - 1);
    let plane: Uint8Array;
    if (stale >= 0 && this.ring[stale].plane.length === sc.width * sc.height) {
      const old = this.ring.splice(stale, 1)[0];
      this.paint(old.s, old.plane, 0);
      plane = old.plane;
    } else {
      if (stale >= 0) this.ring.splice(stale, 1);
      plane = new Uint8Array(sc.width * sc.height);
    }
    this.paint(s, plane, 1);
    this.ring.push({ s, plane });
    return plane;
  }

  private paint(s: number, plane: Uint8Array, value: number): void {
    const sc = this.slices[s];
    const sides = this.sidesOf(s);
    for (const r of sides) paintRuns(sc.candidates[r.region].runs, sc.width, plane, value);
    if (value === 0) return;
    for (const r of sides) {
      const c = sc.candidates[r.region];
      for (const i of r.islandsTakenBack) paintRuns(c.islands[i].runs, sc.width, plane, 0);
    }
  }
}
