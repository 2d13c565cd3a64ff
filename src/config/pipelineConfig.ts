import type { ReadParams } from '../stages/read.js';
import type { WindowParams } from '../stages/window.js';
import type { ContourParams } from '../stages/contour.js';
import type { SeedSelectParams } from '../stages/selectLungs.js';
import type { RasterizeParams } from '../stages/rasterize.js';
import type { VesselParams } from '../stages/vessels.js';
import type { DenoiseParams } from '../stages/denoise.js';
import type { AnatomyParams } from '../stages/anatomy.js';
import type { AssembleParams } from '../volume/assembleScan.js';
import type { BiomarkerParams } from '../biomarkers/scanBiomarkers.js';
import { ANATOMY_STAGES, CONTOUR_STAGES, type StageName } from './stageOrder.js';
import { canonicalJson, sha256Hex } from './hash.js';

export type SelectLungsStageParams = { readonly method: 'seed-hull' } & SeedSelectParams;

export type DenoiseStageParams =
  | ({ readonly method: 'contour-vertices' } & DenoiseParams)
  | { readonly method: 'none' };

export interface MeasureParams {
  /** How per-scan volumes are formed from per-slice areas: area × slice spacing along the axial axis. */
  readonly volume: 'area-times-slice-spacing';
}

/**
 * A preset of the tutorial's kind: per-slice contours (CONTOUR_STAGES), every stage with its parameters.
 * Plain data, so it serialises and hashes.
 */
export interface ContourPipelineConfig {
  readonly kind: 'contours';
  readonly name: string;
  readonly read: ReadParams;
  readonly window: WindowParams;
  readonly contour: ContourParams;
  readonly selectLungs: SelectLungsStageParams;
  readonly rasterize: RasterizeParams;
  readonly vessels: VesselParams;
  readonly denoise: DenoiseStageParams;
  readonly measure: MeasureParams;
}

/** A preset of the anatomy kind (ANATOMY_STAGES): per-slice regions on the workers, lungs decided per scan in 3-D. */
export interface AnatomyPipelineConfig {
  readonly kind: 'anatomy';
  readonly name: string;
  readonly read: ReadParams;
  readonly anatomy: AnatomyParams;
  readonly assemble: AssembleParams;
  readonly biomarkers: BiomarkerParams;
  readonly measure: MeasureParams;
}

export type PipelineConfig = ContourPipelineConfig | AnatomyPipelineConfig;

export function stagesOf(config: PipelineConfig): readonly StageName[] {
  return config.kind === 'contours' ? CONTOUR_STAGES : ANATOMY_STAGES;
}

/**
 * Bumped whenever a stage's code changes its numbers for the same parameters, so that resume recomputes scans
 * measured by an older algorithm instead of mixing results.
 */
export const ALGORITHM_VERSION = 1;

export function defineConfig<T extends PipelineConfig>(config: T): T {
  return deepFreeze(config);
}

/** The key that decides whether a finished scan can be reused: algorithm version + every parameter. */
export function configHash(config: PipelineConfig): string {
  return sha256Hex(canonicalJson({ algorithm: ALGORITHM_VERSION, config })).slice(0, 16);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
