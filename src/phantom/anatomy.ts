import { capsule, type Capsule } from './capsule.js';
import { drawFrom, mulberry32, type Draw } from './random.js';

/**
 * The phantom's anatomy as plain numbers, drawn once per seed. Internal frame (mm): x toward patient Right,
 * y toward Anterior, both from the centre of the slice grid; z toward Superior from the bottom face of the volume
 * (0..zExtent). In-plane sizes are scaled with the field of view, heights with the volume's z extent, so any grid
 * holds a whole chest.
 */
export interface Anatomy {
  readonly zExtent: number;
  /** In-plane sizes are nominal mm times this (field of view / 358 mm). */
  readonly inPlaneScale: number;
  /** Heights are nominal mm times this (lung height / 250 mm). */
  readonly zScale: number;
  readonly fovRadius: number;
  readonly paddingHu: number;
  readonly hu: TissueHu;
  readonly body: { readonly cy: number; readonly a: number; readonly b: number; readonly skin: number; readonly fat: number; readonly muscle: number };
  readonly cavity: Ellipse;
  readonly arms: readonly Arm[];
  readonly table: Table | null;
  /** The band between the lungs; mediastinal fat fills non-lung chest within fatHalfWidth of its centre. */
  readonly mediastinum: { readonly cx: number; readonly halfWidth: number; readonly fatHalfWidth: number };
  readonly diaphragmThickness: number;
  readonly lungBottom: number;
  /** [right, left] */
  readonly lungs: readonly [LungSide, LungSide];
  readonly heart: Ellipsoid & { readonly fat: number; readonly lungMargin: number };
  readonly spine: Spine;
  readonly ribs: Ribs;
  readonly sternum: { readonly halfWidth: number; readonly y0: number; readonly y1: number; readonly z0: number; readonly z1: number };
  readonly stomach: Ellipsoid & { readonly wall: number };
  readonly gas: Ellipsoid & { readonly domeClearance: number; readonly heartClearance: number };
  readonly airwayWall: number;
  readonly trachea: readonly Capsule[];
  /** Main bronchi from the carina to the hila: kept apart from the lungs by their wall. */
  readonly bronchiOutside: readonly Capsule[];
  /** Bronchi inside the lungs (their lumen counts as lung). */
  readonly bronchiInside: readonly Capsule[];
  /** Heart-side vessels and the oesophagus: soft tissue the lungs keep clear of. */
  readonly mediastinalTubes: readonly Capsule[];
  readonly mediastinalMargin: number;
  /**
   * The hilar roots: the lobar vessels and bronchi (the first segment of each tree grown from a hilum) lie in the
   * hilum with the main bronchi and pulmonary arteries and veins, outside the lung, which wraps around them;
   * the lung begins where their branches leave the root. Each with the clearance the lung keeps from it.
   */
  readonly lungRoots: readonly { readonly tube: Capsule; readonly clearance: number }[];
  /** Pulmonary vessel trees (+ vessel HU); inside a lung they are the truth's vessels. */
  readonly vessels: readonly Capsule[];
  readonly nodules: readonly Nodule[];
}

export interface Ellipse { readonly cx: number; readonly cy: number; readonly a: number; readonly b: number }
export interface Ellipsoid { readonly cx: number; readonly cy: number; readonly cz: number; readonly rx: number; readonly ry: number; readonly rz: number }
export interface Arm extends Ellipse { readonly fat: number; readonly boneX: number; readonly boneY: number; readonly boneR: number }
export interface Table {
  readonly top: number; readonly bottom: number; readonly halfWidth: number;
  /** Enclosed air slots (rectangles, mm). */
  readonly slots: readonly { readonly x0: number; readonly x1: number; readonly y0: number; readonly y1: number }[];
}
export interface LungSide {
  readonly side: 'right' | 'left';
  /** In-plane ellipse of the lung at its widest; it narrows to a point at the apex. */
  readonly cx: number; readonly cy: number; readonly ax: number; readonly ay: number;
  readonly apexZ: number;
  /** Exponent of the width profile: higher keeps the lung wide further up. */
  readonly taper: number;
  /** Diaphragm dome: z = domeTop - domeDepth * r², r² the squared normalised distance from (domeCx, domeCy). */
  readonly domeTop: number; readonly domeDepth: number; readonly domeCx: number; readonly domeCy: number;
}
export interface Spine {
  readonly cy: number; readonly rx: number; readonly ry: number; readonly cortex: number; readonly lungMargin: number;
  readonly canalCy: number; readonly canalR: number;
  readonly discPeriod: number; readonly discPhase: number; readonly discHalf: number;
  /** Cancellous HU per vertebra (cycled). */
  readonly cancellous: readonly number[];
}
export interface Ribs {
  /** Ellipse the rib centrelines follow (in the chest-wall muscle). */
  readonly ring: Ellipse;
  readonly topZ: number; readonly spacing: number; readonly count: number;
  /** How much lower the anterior end is than the posterior end. */
  readonly drop: number;
  readonly halfRadial: number; readonly halfZ: number;
  /** Angle range (0 = posterior midline, π = anterior midline) of bone, then cartilage up to cartilageEnd. */
  readonly start: number; readonly boneEnd: number; readonly cartilageEnd: number;
}
export interface Nodule { readonly x: number; readonly y: number; readonly z: number; readonly r: number; readonly side: 'right' | 'left' }
export interface TissueHu {
  readonly air: number; readonly fat: number; readonly muscle: number; readonly skin: number; readonly blood: number;
  readonly liver: number; readonly stomachContent: number; readonly table: number; readonly lung: number;
  readonly lungGradient: number; readonly lungTexture: number; readonly nodule: number; readonly cortical: number;
  readonly cartilage: number; readonly disc: number; readonly marrow: number; readonly csf: number;
}

export type Coverage = 'full' | 'cut-apex' | 'cut-base';

export interface AnatomyInput {
  readonly shape: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly seed: number;
  readonly noiseHu: number;
  readonly arms: boolean;
  readonly table: boolean;
  readonly coverage: Coverage;
}

/** Nominal field-of-view radius (mm) the in-plane sizes below are written for. */
const NOMINAL_FOV_RADIUS = 179;
/** Nominal lung height (mm) the z sizes below are written for. */
const NOMINAL_LUNG_HEIGHT = 250;

/** What the bronchus, vessel and nodule growers start from: the hila and the same generator, continued. */
export interface Seeds {
  readonly hila: {
    readonly right: readonly number[]; readonly left: readonly number[];
    readonly rightArtery: readonly number[]; readonly leftArtery: readonly number[];
    readonly rightVein: readonly number[]; readonly leftVein: readonly number[];
  };
  readonly draw: Draw;
}

/** Everything but the structures that are grown inside the lungs (bronchi inside, vessel trees, nodules). */
export function drawSkeleton(input: AnatomyInput): { anatomy: Anatomy; seeds: Seeds } {
  const [nx, ny, nz] = input.shape;
  const [sx, sy, sz] = input.spacingMm;
  const d = drawFrom(mulberry32(input.seed));
  const zExtent = nz * sz;
  const fovMax = Math.min(nx * sx, ny * sy) / 2;
  const s = fovMax / NOMINAL_FOV_RADIUS;
  const fovRadius = fovMax * d.uni(0.985, 1);
  const paddingHu = d.chance(0.5) ? -1024 : -2048;
  const hu = drawHu(d, input.noiseHu);

  const fat = d.uni(input.arms ? 5 : 7, input.arms ? 12 : 18) * s;
  const body = {
    cy: d.uni(18, 26) * s,
    a: d.uni(input.arms ? 106 : 125, input.arms ? 116 : 140) * s,
    b: d.uni(95, 110) * s,
    skin: 2 * s, fat, muscle: d.uni(12, 16) * s,
  };
  const wall = body.skin + body.fat + body.muscle;
  const cavity: Ellipse = { cx: 0, cy: body.cy + d.uni(3, 6) * s, a: body.a - wall, b: body.b - wall - 4 * s };

  const arms = input.arms ? drawArms(d, s, body) : [];
  const table = input.table ? drawTable(d, s, body, fovRadius) : null;

  // Heights: the lungs span [lungBottom, apex] inside the volume unless the coverage cuts them.
  const H = zExtent * d.uni(0.78, 0.86);
  let lungBottom: number;
  if (input.coverage === 'cut-apex') lungBottom = zExtent * d.uni(0.25, 0.35);
  else if (input.coverage === 'cut-base') lungBottom = zExtent * d.uni(0.65, 0.72) - H;
  else lungBottom = Math.max(zExtent * d.uni(0.06, 0.1), 1.01 * sz);
  let apex = lungBottom + H;
  if (input.coverage === 'full') apex = Math.min(apex, zExtent - 1.01 * sz);
  const height = apex - lungBottom;
  const zs = height / NOMINAL_LUNG_HEIGHT;
  const at = (f: number) => lungBottom + f * height;

  const mediastinum = { cx: -d.uni(2, 7) * s, halfWidth: d.uni(4, 7) * s, fatHalfWidth: 45 * s };
  const right: LungSide = {
    side: 'right',
    cx: cavity.a * d.uni(0.45, 0.52), cy: cavity.cy - cavity.b * d.uni(0, 0.08),
    ax: cavity.a * d.uni(0.62, 0.7), ay: cavity.b * d.uni(0.97, 1.06),
    apexZ: apex - d.uni(0, 4) * zs, taper: d.uni(1.4, 2),
    domeTop: at(d.uni(0.3, 0.36)), domeDepth: 0, domeCx: 0, domeCy: 0,
  };
  const left: LungSide = {
    side: 'left',
    cx: -cavity.a * d.uni(0.47, 0.54), cy: right.cy,
    ax: right.ax * d.uni(0.8, 0.88), ay: right.ay * d.uni(0.93, 0.98),
    apexZ: apex - d.uni(0, 4) * zs, taper: d.uni(1.4, 2),
    domeTop: at(d.uni(0.23, 0.29)), domeDepth: 0, domeCx: 0, domeCy: 0,
  };
  // The dome reaches below the lung bottom at the lung's rim, so the posterior recesses go down to lungBottom.
  const withDome = (l: LungSide): LungSide => ({
    ...l,
    domeCx: l.cx + Math.sign(l.cx) * d.uni(-5, 5) * s,
    domeCy: l.cy + d.uni(8, 18) * s,
    domeDepth: l.domeTop - lungBottom + d.uni(8, 16) * zs,
  });
  const lungs: [LungSide, LungSide] = [withDome(right), withDome(left)];

  const heart = {
    cx: -d.uni(12, 22) * s, cy: cavity.cy + d.uni(22, 30) * s, cz: at(d.uni(0.34, 0.4)),
    rx: d.uni(44, 50) * s, ry: d.uni(34, 40) * s, rz: d.uni(40, 48) * zs,
    fat: 4 * s, lungMargin: 6 * s,
  };
  const spineCy = cavity.cy - cavity.b + d.uni(6, 10) * s;
  const spineRy = d.uni(13, 15) * s;
  const spine: Spine = {
    cy: spineCy, rx: d.uni(16, 19) * s, ry: spineRy, cortex: 2 * s, lungMargin: 4 * s,
    canalCy: spineCy - spineRy - 7 * s, canalR: 6.5 * s,
    discPeriod: 26 * zs, discPhase: d.uni(0, 26) * zs, discHalf: 3 * zs,
    cancellous: Array.from({ length: 16 }, () => d.uni(380, 460)),
  };
  const ribRingGrow = body.muscle * 0.45;
  const ribs: Ribs = {
    ring: { cx: cavity.cx, cy: cavity.cy, a: cavity.a + ribRingGrow, b: cavity.b + ribRingGrow },
    topZ: apex + d.uni(8, 16) * zs, spacing: d.uni(22, 26) * zs, count: 12, drop: d.uni(50, 70) * zs,
    halfRadial: 3.5 * s, halfZ: 5 * zs, start: 0.1 * Math.PI, boneEnd: 0.74 * Math.PI, cartilageEnd: 0.9 * Math.PI,
  };
  const sternum = {
    halfWidth: d.uni(12, 16) * s, y0: cavity.cy + cavity.b + 1 * s, y1: cavity.cy + cavity.b + 11 * s,
    z0: at(0.3), z1: at(0.92),
  };

  // Airways and mediastinal tubes.
  const top = zExtent + 60;
  const bottom = -60;
  const tx = d.uni(-3, 3) * s;
  const airwayWall = 2 * s;
  const trR = d.uni(8.5, 9.5) * s;
  const ty = spineCy + spineRy + 16 * s + trR + airwayWall;
  const carinaZ = at(d.uni(0.58, 0.64));
  const carina = [tx, ty, carinaZ];
  const hilumR = [tx + d.uni(22, 26) * s, ty - d.uni(2, 6) * s, carinaZ - d.uni(14, 18) * zs];
  const hilumL = [tx - d.uni(36, 42) * s, ty - d.uni(5, 9) * s, carinaZ - d.uni(20, 26) * zs];
  const trachea = [capsule(carina, [tx, ty, top], trR)];
  const bronchiOutside = [capsule(carina, hilumR, d.uni(6, 7) * s), capsule(carina, hilumL, d.uni(5.2, 6) * s)];

  const ra = d.uni(10.5, 13) * s;
  // Descending aorta: left and a little anterior of the vertebral body.
  const aortaDesc = [-(0.6 * spine.rx + ra + d.uni(1, 4) * s), spineCy + d.uni(6, 12) * s];
  const archZ = carinaZ + d.uni(14, 22) * zs;
  const ascTop = [d.uni(8, 16) * s, ty + d.uni(26, 34) * s, archZ];
  const heartTop = [heart.cx + 18 * s, heart.cy + 6 * s, heart.cz + 0.3 * heart.rz];
  const archPts: number[][] = [];
  for (let q = 0; q <= 6; q++) {
    const u = q / 6;
    archPts.push([
      aortaDesc[0] + u * (ascTop[0] - aortaDesc[0]),
      aortaDesc[1] + u * (ascTop[1] - aortaDesc[1]),
      archZ + 20 * zs * Math.sin(Math.PI * u),
    ]);
  }
  const tubes: Capsule[] = [capsule([aortaDesc[0], aortaDesc[1], bottom], archPts[0], ra)];
  for (let q = 0; q < 6; q++) tubes.push(capsule(archPts[q], archPts[q + 1], ra));
  tubes.push(capsule(ascTop, heartTop, ra * 1.1));
  for (const [q, r] of [[2, 4.5], [3, 4], [4, 6]] as const) {
    const p = archPts[q];
    tubes.push(capsule(p, [p[0] + (q - 3) * 8 * s, p[1] - 4 * s, top], r * s));
  }
  const svcX = ascTop[0] + ra + d.uni(8, 12) * s;
  tubes.push(capsule([svcX, ascTop[1] - 6 * s, heart.cz + 0.4 * heart.rz], [svcX, ascTop[1] - 8 * s, top], d.uni(8, 10) * s));
  const paSplit = [tx - 12 * s, ty + 22 * s, carinaZ - 6 * zs];
  const rpaEnd = [hilumR[0] + 4 * s, hilumR[1] + 10 * s, hilumR[2] + 2 * zs];
  const lpaEnd = [hilumL[0] - 4 * s, hilumL[1] + 6 * s, hilumL[2] + 12 * zs];
  tubes.push(capsule([heart.cx + 12 * s, heart.cy + 0.5 * heart.ry, heart.cz + 0.5 * heart.rz], paSplit, 13 * s));
  tubes.push(capsule(paSplit, rpaEnd, 10 * s), capsule(paSplit, lpaEnd, 9.5 * s));
  const atrium = [heart.cx + 6 * s, heart.cy - 0.6 * heart.ry, heart.cz + 0.2 * heart.rz];
  const pvEndR = [hilumR[0] + 2 * s, hilumR[1] - 4 * s, hilumR[2] - 30 * zs];
  const pvEndL = [hilumL[0] - 2 * s, hilumL[1] - 4 * s, hilumL[2] - 28 * zs];
  tubes.push(capsule(atrium, pvEndR, 8 * s), capsule(atrium, pvEndL, 8 * s));
  const ex = tx - 8 * s, ey = spineCy + spineRy + 9 * s;
  tubes.push(capsule([ex, ey, top], [ex - 12 * s, ey - 2 * s, bottom], 7 * s));

  const stomach = {
    cx: lungs[1].domeCx + d.uni(-6, 6) * s, cy: lungs[1].domeCy + d.uni(-4, 8) * s,
    cz: lungs[1].domeTop - d.uni(30, 40) * zs, rx: d.uni(38, 46) * s, ry: d.uni(32, 40) * s, rz: d.uni(34, 42) * zs,
    wall: 4 * s,
  };
  const gas = {
    cx: stomach.cx, cy: stomach.cy + d.uni(6, 12) * s, cz: stomach.cz + stomach.rz * 0.45,
    rx: stomach.rx - 10 * s, ry: stomach.ry * 0.6, rz: stomach.rz * 0.5,
    domeClearance: 8 * zs, heartClearance: 8 * s,
  };

  const anatomy: Anatomy = {
    zExtent, inPlaneScale: s, zScale: zs, diaphragmThickness: 5 * zs, fovRadius, paddingHu, hu, body, cavity, arms, table, mediastinum, lungBottom, lungs, heart, spine, ribs,
    sternum, stomach, gas, airwayWall, trachea, bronchiOutside, bronchiInside: [],
    mediastinalTubes: tubes, mediastinalMargin: 3 * s, lungRoots: [], vessels: [], nodules: [],
  };
  const hila = { right: hilumR, left: hilumL, rightArtery: rpaEnd, leftArtery: lpaEnd, rightVein: pvEndR, leftVein: pvEndL };
  return { anatomy, seeds: { hila, draw: d } };
}

function drawHu(d: Draw, noise: number): TissueHu {
  return {
    air: -1000, fat: d.uni(-110, -85), muscle: d.uni(36, 48), skin: d.uni(20, 40), blood: d.uni(36, 46),
    liver: d.uni(52, 64), stomachContent: d.uni(5, 20), table: d.uni(90, 120), lung: d.uni(-862, -842),
    lungGradient: d.uni(30, 45), lungTexture: Math.sqrt(Math.max(0, 27 * 27 - noise * noise)), nodule: d.uni(12, 30),
    cortical: d.uni(900, 1100), cartilage: d.uni(120, 180), disc: d.uni(70, 100), marrow: d.uni(150, 250), csf: d.uni(10, 25),
  };
}

function drawArms(d: Draw, s: number, body: { cy: number; a: number }): Arm[] {
  return [1, -1].map((side) => {
    const a = d.uni(18, 23) * s, b = d.uni(26, 34) * s;
    const cx = side * (body.a + d.uni(4, 8) * s + a), cy = body.cy - d.uni(4, 16) * s;
    return { cx, cy, a, b, fat: d.uni(3, 6) * s, boneX: cx + side * d.uni(-3, 3) * s, boneY: cy + d.uni(-4, 4) * s, boneR: d.uni(9, 11) * s };
  });
}

function drawTable(d: Draw, s: number, body: { cy: number; b: number }, fovRadius: number): Table {
  const top = body.cy - body.b - d.uni(4, 10) * s;
  const bottom = top - d.uni(40, 44) * s;
  const slotTop = top - 6 * s, slotBottom = slotTop - d.uni(24, 27) * s;
  const chord = (y: number) => Math.sqrt(Math.max(0, fovRadius * fovRadius - y * y));
  const slotHalf = Math.min(118 * s, chord(slotBottom) - 12 * s);
  const slots = [{ x0: -slotHalf, x1: slotHalf, y0: slotBottom, y1: slotTop }];
  // Two small side channels, too small for the tutorial's hull test, where the FOV leaves room.
  const sideX = slotHalf + 8 * s, sideW = 14 * s, sideY1 = slotTop - 6 * s, sideY0 = sideY1 - 9 * s;
  if (sideX + sideW + 6 * s < chord(sideY0)) {
    slots.push({ x0: sideX, x1: sideX + sideW, y0: sideY0, y1: sideY1 }, { x0: -sideX - sideW, x1: -sideX, y0: sideY0, y1: sideY1 });
  }
  return { top, bottom, halfWidth: 240 * s, slots };
}
