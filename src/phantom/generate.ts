import type { NiftiDatatype } from '../readers/nifti/datatypes.js';
import type { NiftiImageSpec } from '../readers/nifti/write.js';
import type { Coverage } from './anatomy.js';
import { buildAnatomy } from './buildAnatomy.js';
import { BowelGasPainter, type BowelGasOptions } from './bowelGas.js';
import { allocateStored, makeQuantizer, resolveEncoding } from './encoding.js';
import { LABEL, LABEL_NAMES } from './labels.js';
import { canonicalOffsets, parseOrientation, storedAffine, storedGeometry, storedSliceIndex } from './orientation.js';
import { BRONCHUS_OUTSIDE, SliceRenderer } from './renderSlice.js';
import { EMPHYSEMA_HU, emphysemaBlobs, paintEmphysema } from './emphysema.js';
import { scale, sides, SliceCounter, type PhantomSliceTruth, type SideValues } from './truth.js';
import { RegionTruthTally, type PhantomRegionTruth } from './regionTruthTally.js';

export interface PhantomOptions {
  /** nx, ny, nz of the canonical grid (x toward Right, y toward Anterior, z toward Superior). */
  readonly shape: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly seed: number;
  /** Gaussian CT noise, sd in HU; default 20. */
  readonly noiseHu?: number;
  /** Arms beside the body (separate tissue islands in air); default false. */
  readonly arms?: boolean;
  /** CT table under the body with enclosed air slots; default true. */
  readonly table?: boolean;
  /** 'full' (default): both lungs end inside the volume, never in the first or last slice. */
  readonly coverage?: Coverage;
  /**
   * Axis codes of the stored array (nibabel convention: the direction each voxel axis increases toward).
   * Default 'LPS', the orientation of the tutorial's own slices; 'RAS' stores the canonical grid as is.
   */
  readonly orientation?: string;
  /** Default 'int16'; see defaultEncoding for the scaling each type gets. */
  readonly datatype?: NiftiDatatype;
  readonly version?: 1 | 2;
  readonly littleEndian?: boolean;
  readonly sclSlope?: number;
  readonly sclInter?: number;
  /** Gas below the diaphragm that reads like lung (src/phantom/bowelGas.ts); default none. */
  readonly bowelGas?: BowelGasOptions;
  /** Emphysema-like spheres inside the lungs (src/phantom/emphysema.ts); default 0, which keeps a seed's truth. */
  readonly emphysema?: number;
}

export interface PhantomTruth {
  readonly format: 'lungflow-phantom-truth/1';
  readonly seed: number;
  readonly options: {
    readonly canonicalShape: readonly number[]; readonly canonicalSpacingMm: readonly number[]; readonly noiseHu: number;
    readonly arms: boolean; readonly table: boolean; readonly coverage: Coverage; readonly orientation: string;
    readonly datatype: NiftiDatatype; readonly sclSlope: number; readonly sclInter: number; readonly niftiVersion: 1 | 2;
    readonly littleEndian: boolean;
    /** Present only when asked for. */
    readonly bowelGas?: BowelGasOptions;
  };
  readonly storedShape: readonly number[];
  readonly storedSpacingMm: readonly number[];
  /** The stored voxel axis closest to world z; slice indexes below count along it. */
  readonly axialAxis: number;
  readonly sliceIndexIncreasesToward: 'superior' | 'inferior';
  readonly sliceIndexNote: string;
  readonly paddingHu: number;
  readonly pixelAreaMm2: number;
  readonly sliceThicknessMm: number;
  readonly definitions: string;
  readonly labelCodes: Readonly<Record<number, string>>;
  /** First and last stored slice index holding lung, null when none. */
  readonly lungSlices: { readonly first: number | null; readonly last: number | null };
  readonly voxels: { readonly lung: SideValues; readonly vessel: SideValues; readonly nodule: number };
  readonly volumesMl: { readonly lung: SideValues; readonly vessel: SideValues; readonly nodule: number };
  readonly nodules: readonly { readonly side: 'left' | 'right'; readonly centreMm: readonly number[]; readonly diameterMm: number }[];
  /**
   * Per region (lung, left, right and the six zones of src/biomarkers/zones.ts, in that order): the exact truth of
   * the `regions` table's measures, from the truth labels and the stored HU (see regionDefinitions). Absent from
   * truth files written before it existed.
   */
  readonly regions: readonly PhantomRegionTruth[];
  readonly regionDefinitions: string;
  /** With the `emphysema` option only: its spheres and the voxels painted (HU uniform over -1000 … -951). */
  readonly emphysema?: { readonly huRange: readonly number[]; readonly voxels: number; readonly volumeMl: number; readonly spheres: readonly { readonly centreMm: readonly number[]; readonly radiusMm: number }[] };
  /** One entry per stored slice, by stored index. */
  readonly slices: readonly PhantomSliceTruth[];
}

export interface GeneratedPhantom {
  readonly spec: NiftiImageSpec;
  readonly truth: PhantomTruth;
}

const DEFINITIONS = 'A voxel is lung iff its centre lies inside a lung shape (vessels, nodules and bronchi inside the lung '
  + 'count as lung; trachea and main bronchi outside the lung shapes do not). Vessel iff lung and inside a pulmonary '
  + 'vessel tube (nodules are counted apart and take precedence). Areas are voxel counts times the in-plane spacing '
  + '(mm²); volumes are voxel counts times the voxel volume (mL).';

const REGION_DEFINITIONS = 'regions: each lung (truth labels: parenchyma, vessels, nodules and bronchi inside its shape) '
  + 'is cut into upper, middle and lower zones, equal thirds of its own craniocaudal extent; a slice goes whole to the '
  + 'third its centre lies in (src/biomarkers/zones.ts). Per region: voxels and volumeMl; meanHu, perc15Hu (numpy\'s '
  + 'linear percentile) and laa950Pct / laa910Pct / laa856Pct (percent of voxels at or below the threshold) over every '
  + 'voxel of the region, HU = stored value × scl_slope + scl_inter; vesselVoxels and vesselVolumeMl; bv5Voxels / '
  + 'bv5Ml and bv10Voxels / bv10Ml: vessel voxels whose largest vessel tube (radius r) has a cross-section π r² under '
  + '5 (resp. 10) mm².';

/** Generates one phantom volume (stored as the options say) and its ground truth. */
export function generatePhantom(opts: PhantomOptions): GeneratedPhantom {
  return render(opts, false);
}

/** As generatePhantom, plus the truth label volume (uint8, stored order, codes in LABEL_NAMES). */
export function generatePhantomWithLabels(opts: PhantomOptions): GeneratedPhantom & { labels: Uint8Array } {
  const r = render(opts, true);
  return { spec: r.spec, truth: r.truth, labels: r.labels! };
}

/** The truth label volume alone (uint8, same stored order and dims as the image). */
export function phantomLabelVolume(opts: PhantomOptions): { dims: readonly number[]; labels: Uint8Array } {
  const r = generatePhantomWithLabels(opts);
  return { dims: r.spec.dims, labels: r.labels };
}

function checkOptions(o: PhantomOptions): void {
  const [nx, ny, nz] = o.shape;
  for (const [n, name] of [[nx, 'nx'], [ny, 'ny'], [nz, 'nz']] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`shape ${name} must be a positive integer, got ${n}`);
  }
  if (nx < 32 || ny < 32 || nz < 8) throw new RangeError(`shape ${o.shape.join('x')} is too small for a chest (at least 32x32x8)`);
  for (const sp of o.spacingMm) {
    if (!(sp > 0) || !Number.isFinite(sp)) throw new RangeError(`spacing must be positive mm, got ${o.spacingMm.join(',')}`);
  }
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}`);
  if (o.noiseHu !== undefined && !(o.noiseHu >= 0)) throw new RangeError(`noise must be >= 0 HU, got ${o.noiseHu}`);
}

function render(opts: PhantomOptions, withLabels: boolean): GeneratedPhantom & { labels?: Uint8Array } {
  checkOptions(opts);
  const shape = [...opts.shape] as [number, number, number];
  const spacing = [...opts.spacingMm] as [number, number, number];
  const [nx, ny, nz] = shape;
  const [sx, sy, sz] = spacing;
  const noiseHu = opts.noiseHu ?? 20;
  const arms = opts.arms ?? false;
  const table = opts.table ?? true;
  const coverage = opts.coverage ?? 'full';
  const version = opts.version ?? 1;
  const littleEndian = opts.littleEndian ?? true;
  const orientation = parseOrientation(opts.orientation ?? 'LPS');
  const encoding = resolveEncoding(opts.datatype ?? 'int16', opts.sclSlope, opts.sclInter);

  const anatomy = buildAnatomy({ shape, spacingMm: spacing, seed: opts.seed, noiseHu, arms, table, coverage });
  const { dims, pixdim } = storedGeometry(orientation, shape, spacing);
  const data = allocateStored(encoding.datatype, nx * ny * nz);
  const labels = withLabels ? new Uint8Array(nx * ny * nz) : undefined;
  const quantize = makeQuantizer(encoding);
  const [offX, offY, offZ] = canonicalOffsets(orientation, shape);
  const bowelGas = opts.bowelGas ? new BowelGasPainter(anatomy, { nx, ny, sx, sy }, opts.bowelGas, opts.seed) : null;
  const renderer = new SliceRenderer(anatomy, { nx, ny, sx, sy }, noiseHu, opts.seed, bowelGas);
  const hu = new Float32Array(nx * ny);
  const label = new Uint8Array(nx * ny);
  const counter = new SliceCounter();
  const pixelAreaMm2 = sx * sy;
  const slices: PhantomSliceTruth[] = new Array(nz);
  const blobs = opts.emphysema ? emphysemaBlobs(anatomy, opts.seed, opts.emphysema) : [];
  const [xs, ys] = blobs.length ? pixelCentres(shape, spacing) : [new Float64Array(0), new Float64Array(0)];
  let emphysemaVoxels = 0;
  const vesselRadius = new Float32Array(nx * ny);
  const regions = new RegionTruthTally(nz, (sx * sy * sz) / 1000, (v) => v * encoding.sclSlope + encoding.sclInter);
  const storedPlane = new Float64Array(nx * ny);

  for (let k = 0; k < nz; k++) {
    renderer.render(k, (k + 0.5) * sz, hu, label, vesselRadius);
    if (blobs.length) emphysemaVoxels += paintEmphysema(blobs, opts.seed, k, (k + 0.5) * sz, xs, ys, hu, label);
    counter.count(label);
    const index = storedSliceIndex(orientation, nz, k);
    slices[index] = counter.toTruth(index, pixelAreaMm2);
    for (let j = 0; j < ny; j++) {
      const base = offY[j] + offZ[k];
      const row = j * nx;
      for (let i = 0; i < nx; i++) {
        data[base + offX[i]] = quantize(hu[row + i]);
        storedPlane[row + i] = data[base + offX[i]]; // as stored (a float32 rounds)
      }
      if (labels) {
        for (let i = 0; i < nx; i++) {
          const l = label[row + i];
          labels[base + offX[i]] = l === BRONCHUS_OUTSIDE ? LABEL.airway : l;
        }
      }
    }
    regions.addSlice(k, label, (p) => storedPlane[p], vesselRadius);
  }

  const sum = (f: (s: PhantomSliceTruth) => number) => slices.reduce((acc, s) => acc + f(s), 0);
  const lungVox = sides(sum((s) => s.lungPx.left), sum((s) => s.lungPx.right));
  const vesselVox = sides(sum((s) => s.vesselPx.left), sum((s) => s.vesselPx.right));
  const noduleVox = sum((s) => s.nodulePx);
  const voxelMl = (sx * sy * sz) / 1000;
  const withLung = slices.filter((s) => s.lungPx.total > 0).map((s) => s.index);
  const zFlipped = orientation.axes[orientation.storedAxisOf[2]].flipped;
  const axialAxis = orientation.storedAxisOf[2];
  const truth: PhantomTruth = {
    format: 'lungflow-phantom-truth/1',
    seed: opts.seed,
    options: {
      canonicalShape: shape, canonicalSpacingMm: spacing, noiseHu, arms, table, coverage, orientation: orientation.code,
      datatype: encoding.datatype, sclSlope: encoding.sclSlope, sclInter: encoding.sclInter, niftiVersion: version, littleEndian,
      ...(opts.bowelGas ? { bowelGas: { variant: opts.bowelGas.variant, gapMm: opts.bowelGas.gapMm } } : {}),
    },
    storedShape: dims,
    storedSpacingMm: pixdim,
    axialAxis,
    sliceIndexIncreasesToward: zFlipped ? 'inferior' : 'superior',
    sliceIndexNote: `slice "index" is the stored voxel index along axis ${axialAxis} (0-based; the voxel axis closest to world z), `
      + `increasing toward ${zFlipped ? 'inferior' : 'superior'}`,
    paddingHu: anatomy.paddingHu,
    pixelAreaMm2,
    sliceThicknessMm: sz,
    definitions: DEFINITIONS,
    labelCodes: opts.bowelGas ? { ...LABEL_NAMES, [LABEL.stomachGas]: 'stomach or bowel gas (src/phantom/bowelGas.ts)' } : LABEL_NAMES,
    lungSlices: { first: withLung.length ? Math.min(...withLung) : null, last: withLung.length ? Math.max(...withLung) : null },
    voxels: { lung: lungVox, vessel: vesselVox, nodule: noduleVox },
    volumesMl: { lung: scale(lungVox, voxelMl), vessel: scale(vesselVox, voxelMl), nodule: noduleVox * voxelMl },
    nodules: anatomy.nodules.map((n) => ({
      side: n.side, centreMm: [n.x, n.y, n.z - anatomy.zExtent / 2], diameterMm: 2 * n.r,
    })),
    regions: regions.result(),
    regionDefinitions: REGION_DEFINITIONS,
    slices,
    ...(blobs.length ? {
      emphysema: {
        huRange: EMPHYSEMA_HU, voxels: emphysemaVoxels, volumeMl: emphysemaVoxels * voxelMl,
        spheres: blobs.map((b) => ({ centreMm: [b.x, b.y, b.z - anatomy.zExtent / 2], radiusMm: b.r })),
      },
    } : {}),
  };
  const spec: NiftiImageSpec = {
    dims, datatype: encoding.datatype, data, pixdim, affine: storedAffine(orientation, shape, spacing),
    sclSlope: encoding.sclSlope, sclInter: encoding.sclInter, version, littleEndian, qformCode: 1, sformCode: 1,
    xyztUnits: 2 + 8, descrip: `phantom s${opts.seed}`,
  };
  return { spec, truth, labels };
}

/** Pixel centres (mm) of the canonical grid in the renderer's frame: x, y from the grid's centre. */
function pixelCentres(shape: readonly number[], spacing: readonly number[]): [Float64Array, Float64Array] {
  return [
    Float64Array.from({ length: shape[0] }, (_, i) => (i - (shape[0] - 1) / 2) * spacing[0]),
    Float64Array.from({ length: shape[1] }, (_, j) => (j - (shape[1] - 1) / 2) * spacing[1]),
  ];
}
