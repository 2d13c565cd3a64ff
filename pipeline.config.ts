/**
 * The presets: which parameters each stage of the per-slice chain runs with. Plain data — hashed into
 * `scans.config_hash`, so changing any value here makes `lungflow run` recompute the affected scans.
 *
 * Stage order (src/config/stageOrder.ts): read → window → contour → selectLungs → rasterize → vessels → denoise → measure.
 */
import { defineConfig, type PipelineConfig } from './src/config/pipelineConfig.js';

/** The tutorial, to the last digit (../shared/seed-semantics.md), minus its crashes. */
export const seed = defineConfig({
  name: 'seed',
  read: { spacing: 'seed-heuristic', orientation: 'stored' },
  window: { airBelowHu: -300 },
  contour: { level: 0.95, fullyConnected: 'low' },
  selectLungs: { method: 'seed-hull', minHullAreaPx2: 2000, maxClosingGapPx: 1 },
  rasterize: { rule: 'pillow', eraseOutline: true },
  vessels: { minHu: -500, excludeExactZero: true },
  denoise: { method: 'contour-vertices', maxDistancePx: 0.1 },
  measure: { volume: 'area-times-slice-spacing' },
});

export const presets: Readonly<Record<string, PipelineConfig>> = Object.freeze({ seed });

export const DEFAULT_PRESET = 'seed';
