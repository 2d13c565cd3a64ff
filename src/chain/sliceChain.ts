import type { ContourPipelineConfig } from '../config/pipelineConfig.js';
import { windowAir } from '../stages/window.js';
import { findContours } from '../stages/contour.js';
import { selectLungsSeed } from '../stages/selectLungs.js';
import { rasterizePolygons } from '../stages/rasterize.js';
import { vesselMask } from '../stages/vessels.js';
import { denoiseContourVertices } from '../stages/denoise.js';
import { measureSlice } from '../stages/measure.js';
import type { BinaryImage, HuSlice, SliceMeasurement } from '../stages/types.js';
import { StageClock } from './stageClock.js';

export interface SliceChainOptions {
  /** Keep the lung and vessel masks (for `--masks`). */
  readonly keepMasks: boolean;
  /** Time every stage (for the benchmark); costs a few clock reads per slice. */
  readonly timeStages: boolean;
}

export interface SliceChainResult {
  readonly measurement: SliceMeasurement;
  readonly lungMask: Uint8Array | null;
  readonly vesselMask: Uint8Array | null;
  /** Milliseconds per stage of TIMED_STAGES.contours (window … measure), or null. */
  readonly stageMs: Float64Array | null;
}

/** window → contour → select lungs → rasterize → vessels → denoise → measure, for one slice. */
export function runSliceChain(config: ContourPipelineConfig, slice: HuSlice, options: SliceChainOptions): SliceChainResult {
  const clock = new StageClock(options.timeStages);
  const air = windowAir(config.window, slice);
  clock.lap();
  const contours = findContours(config.contour, air);
  clock.lap();
  const selection = selectLungsSeed(config.selectLungs, contours);
  clock.lap();
  const lung = rasterizePolygons(config.rasterize, selection.lungs, slice.width, slice.height);
  clock.lap();
  const rawVessels = vesselMask(config.vessels, slice, lung);
  clock.lap();
  const vessels: BinaryImage =
    config.denoise.method === 'none' ? rawVessels : denoiseContourVertices(config.denoise, rawVessels, selection.lungs).vessels;
  clock.lap();
  const measurement = measureSlice({
    index: slice.index,
    lung,
    vessels,
    spacingMm: slice.spacingMm,
    nLungContours: selection.lungs.length,
    note: selection.note,
  });
  clock.lap();
  return {
    measurement,
    lungMask: options.keepMasks ? lung.data : null,
    vesselMask: options.keepMasks ? vessels.data : null,
    stageMs: clock.laps(),
  };
}
