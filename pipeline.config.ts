/**
 * The presets: which stages run and with which parameters. Plain data — hashed into `scans.config_hash`, so
 * changing any value here makes `lungflow run` recompute the affected scans.
 *
 * Two kinds (src/config/stageOrder.ts):
 *   contours: read → window → contour → selectLungs → rasterize → vessels → denoise → measure   (the tutorial)
 *   anatomy:  read → anatomy (per slice) → assemble (per scan, 3-D) → measure                   (the default)
 */
import { defineConfig, type PipelineConfig } from './src/config/pipelineConfig.js';

/** The tutorial, to the last digit (../shared/seed-semantics.md), minus its crashes. */
export const seed = defineConfig({
  kind: 'contours',
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

/**
 * Lungs found as what they are: air-density regions enclosed by the body, of lung density (not airway or gut
 * gas), big in physical units once linked across slices; left and right apart; every pixel whose centre is
 * inside counts. Read in a canonical orientation with the header's spacing, so encoding and orientation do not
 * change a number. Rationale for each value: src/stages/anatomy.ts and src/volume/assembleScan.ts.
 */
export const defaultPreset = defineConfig({
  kind: 'anatomy',
  name: 'default',
  read: { spacing: 'geometry', orientation: 'canonical' },
  anatomy: {
    // Between the tutorial's -300 and the vessel threshold: keeps most of the partial-volume rim and dense
    // dependent lung connected without swallowing the soft edge of hilar structures (measured on the 21 seed slices).
    airBelowHu: -400,
    vesselMinHu: -500,
    // A lung's apex tip can hold 1–2 voxels in its top slice; dropping it shortens the lung by a slice and moves its
    // zone boundaries by a third of one (held-out phantoms at 1.25 mm: zones off by 2.6–3.2 %). 1 mm² keeps it;
    // specks apart from the lung are still left out by the assembly (README, "Zones at the hila").
    minCandidateAreaMm2: 1,
    maxHoleAreaMm2: 700,
    closingRadiusMm: 4,
    minClosingAreaMm2: 50,
    // Issue 13: vessels and bronchi at the hila and along the chest wall, enclosed once the closing bridges their
    // thin attachments (src/stages/anatomyClosing.ts); measured in README's "Zones at the hila".
    closingFillsHoles: true,
    airwayWallMm: 2,
    // Issue 13: the lumen of a bronchus at the hilum reads as gas (median about -1000 HU; parenchyma about -850):
    // the same cut as the assembly's parenchymaMedianHu. Measured in README's "BV5 and BV10 on fresh phantoms".
    swallowedLumenMaxMedianHu: -960,
  },
  assemble: {
    parenchymaMedianHu: [-960, -600],
    minComponentMl: 15,
    minSliceAreaMm2: 600,
    bothSidesMinFraction: 0.2,
    joinDistanceMm: 5,
    fragmentMaxMedianHu: -450,
    islandRingMm: 4,
    // Issue 16: bowel and stomach gas of 15-25 mL reads -890 … -960 HU with a sharp kernel; only the main left and
    // right components (and what touches them) are lung. Measured: bench/realCases.ts, README's default section.
    mainComponentsOnly: true,
    // Smaller pieces kept apart from the lungs are lung cut off by a fissure (3.5 mL on the CPTAC scan) or specks.
    extraComponentMinMl: 5,
    // Issue 13: the rim of hilar fat the closing bridges in read as the smallest vessels (BV5 +16–18 % on
    // phantoms); only along axes of at most 1.25 mm, the coarsest grid vessel size is measured on, since a thick
    // slice's step along the pleura is a wide band. README, "BV5 and BV10 on fresh phantoms".
    surfaceNotVesselMaxStepMm: 1.25,
    lungVolumeRangeL: [0.5, 8],
    minAirPeakFraction: 0.002,
  },
  // Density, zones and vessel size (src/biomarkers/; README "Quantitative CT measures").
  biomarkers: {
    // Equal thirds of each lung's height, as the issue defines the zones; 'volume' gives CIP's thirds of volume.
    zoneSplit: 'extent',
    // Scanners are calibrated to air at -1000 HU within a few HU; a peak this far off shifts every threshold.
    airPeakHu: [-1030, -970],
    // Soft kernels read air with an sd of about 10–30 HU; sharp (lung, bone) kernels 60–100+.
    maxAirNoiseHu: 40,
    // Cross-sections of 5 and 10 mm² are 2.5 and 3.6 mm across: coarser voxels cannot tell them apart.
    maxVesselSizeSpacingMm: 1.25,
    // [the two finer axes, the coarsest] (mm): up to these, BV5 and BV10 read within 10 % of fresh phantoms'
    // truth; coarser voxels (up to the limit above) read 5-13 % low and flag vessel-size-coarse. README,
    // "BV5 and BV10 on fresh phantoms".
    vesselSizeTestedSpacingMm: [0.85, 1],
  },
  measure: { volume: 'area-times-slice-spacing' },
});

export const presets: Readonly<Record<string, PipelineConfig>> = Object.freeze({ default: defaultPreset, seed });

export const DEFAULT_PRESET = 'default';
