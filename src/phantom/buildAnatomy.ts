import { drawSkeleton, type Anatomy, type AnatomyInput, type Nodule } from './anatomy.js';
import { segmentDist2, type Capsule } from './capsule.js';
import { LABEL } from './labels.js';
import { lungExclusions, lungSideAt } from './lungShape.js';
import { growTree } from './tree.js';

/** The whole anatomy for a seed: the skeleton, then bronchi, vessel trees and nodules grown inside its lungs. */
export function buildAnatomy(input: AnatomyInput): Anatomy {
  const { anatomy: a, seeds } = drawSkeleton(input);
  const d = seeds.draw;
  const s = a.inPlaneScale;
  const exclusions = lungExclusions(a);
  const inSide = (label: number) => (x: number, y: number, z: number) => lungSideAt(a, x, y, z, exclusions) === label;
  const sides = [
    { sg: 1, label: LABEL.rightLung, hilum: seeds.hila.right, artery: seeds.hila.rightArtery, vein: seeds.hila.rightVein, from: a.bronchiOutside[0] },
    { sg: -1, label: LABEL.leftLung, hilum: seeds.hila.left, artery: seeds.hila.leftArtery, vein: seeds.hila.leftVein, from: a.bronchiOutside[1] },
  ];

  const bronchiInside: Capsule[] = [];
  // The first segment of every tree (lobar bronchus, lobar artery or vein) is the hilar root: outside the lung.
  const roots: { tube: Capsule; clearance: number }[] = [];
  const vessels: Capsule[] = [];
  for (const side of sides) {
    const accepts = inSide(side.label);
    const main = [side.from.bx - side.from.ax, side.from.by - side.from.ay, side.from.bz - side.from.az];
    const bronchi = growTree({
      root: side.hilum, direction: [main[0] + side.sg * 20, main[1] - 5, main[2] - 25], rootRadius: side.from.r * 0.85,
      minRadius: 2.2 * s, lengthPerRadius: [3.5, 5.5], lengthBase: 0, childRatios: [[0.76, 0.86], [0.6, 0.74]], outward: 0.3, outwardFrom: side.hilum, accepts,
      sideClearance: (r) => 2 * (r + a.airwayWall), maxSegments: 40,
    }, d);
    bronchiInside.push(...bronchi);
    if (bronchi.length > 0) roots.push({ tube: bronchi[0], clearance: a.airwayWall + (2 / 3) * a.mediastinalMargin });
    const trunks: [readonly number[], number[], number][] = [
      [side.artery, [0.35 * side.sg, 0.15, 1], d.uni(5.5, 6)],
      [side.artery, [side.sg, 0.5, 0.2], d.uni(5, 6)],
      [side.artery, [side.sg, -0.3, -0.3], d.uni(5, 6)],
      [side.artery, [0.45 * side.sg, -0.35, -1], d.uni(5.5, 6)],
      [side.vein, [side.sg, 0.4, 0.3], d.uni(4.5, 5.5)],
      [side.vein, [side.sg, -0.4, -0.2], d.uni(4.5, 5.5)],
      [side.vein, [0.5 * side.sg, 0.1, -1], d.uni(4.5, 5.5)],
    ];
    for (const [root, direction, r] of trunks) {
      const tree = growTree({
        root, direction, rootRadius: r * s, minRadius: 0.7, lengthPerRadius: [3, 5.5], lengthBase: 4 * s,
        childRatios: [[0.78, 0.88], [0.58, 0.72]], outward: 0.25,
        outwardFrom: side.hilum, accepts, sideClearance: (rr) => 2 * rr, maxSegments: 1500,
      }, d);
      vessels.push(...tree);
      if (tree.length > 0) roots.push({ tube: tree[0], clearance: a.mediastinalMargin });
    }
  }

  const withRoots: Anatomy = { ...a, lungRoots: roots };
  const rootExclusions = lungExclusions(withRoots);
  const inLung = (label: number) => (x: number, y: number, z: number) => lungSideAt(withRoots, x, y, z, rootExclusions) === label;
  const nodules: Nodule[] = [];
  const count = d.int(1, 4);
  for (let n = 0; n < count; n++) {
    const side = d.chance(0.5) ? sides[0] : sides[1];
    const l = side.sg > 0 ? a.lungs[0] : a.lungs[1];
    const accepts = inLung(side.label);
    for (let attempt = 0; attempt < 400; attempt++) {
      const r = d.uni(1.5, 5) * s;
      const x = l.cx + d.uni(-1, 1) * l.ax, y = l.cy + d.uni(-1, 1) * l.ay, z = d.uni(a.lungBottom, l.apexZ);
      const m = r + 1.5;
      const probes = [[0, 0, 0], [m, 0, 0], [-m, 0, 0], [0, m, 0], [0, -m, 0], [0, 0, m], [0, 0, -m]];
      if (!probes.every(([px, py, pz]) => accepts(x + px, y + py, z + pz))) continue;
      if (tooClose(vessels, x, y, z, r + 1)) continue;
      if (tooClose(bronchiInside, x, y, z, r + 1 + a.airwayWall)) continue;
      nodules.push({ x, y, z, r, side: side.sg > 0 ? 'right' : 'left' });
      break;
    }
  }
  return { ...withRoots, bronchiInside, vessels, nodules };
}

function tooClose(tubes: readonly Capsule[], x: number, y: number, z: number, gap: number): boolean {
  for (const t of tubes) {
    const lim = t.r + gap;
    if (segmentDist2(t, x, y, z) <= lim * lim) return true;
  }
  return false;
}

export type { Anatomy, AnatomyInput } from './anatomy.js';
