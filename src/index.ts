/**
 * lungflow as a library: what a script imports to run a cohort, measure one slice, read NIfTI or make phantoms.
 * The CLI (src/cli) is a thin layer over these.
 */
export { presets, DEFAULT_PRESET, seed, defaultPreset } from '../pipeline.config.js';
export { configHash, defineConfig, stagesOf } from './config/pipelineConfig.js';
export type { PipelineConfig, ContourPipelineConfig, AnatomyPipelineConfig } from './config/pipelineConfig.js';
export { applyOverrides } from './config/overrides.js';

export { runCohort } from './pipeline/runCohort.js';
export type { RunOptions, RunSummary } from './pipeline/runCohort.js';
export { silentProgress, ProgressCounts } from './pipeline/progress.js';
export type { ProgressListener } from './pipeline/progress.js';
export { StageTimings } from './pipeline/stageTimings.js';
export type { ScanInput, ScanOutcome, ScanDone, ScanFailed, SliceRow } from './results.js';

export { runSliceChain } from './chain/sliceChain.js';
export { runDefaultSlice, assembleDefaultScan, defaultSliceMasks } from './chain/defaultChain.js';

export { openNifti } from './readers/nifti/open.js';
export type { NiftiSource } from './readers/nifti/open.js';
export { writeNifti } from './readers/nifti/write.js';
export { NiftiError } from './readers/nifti/errors.js';
export { openVolume } from './readers/openVolume.js';
export { fileTarget, type ScanTarget } from './readers/scanTarget.js';
export { openDicomSeries } from './readers/dicom/series.js';
export type { DicomSeries, DicomSource } from './readers/dicom/series.js';
export { readDicomFileHeader } from './readers/dicom/fileHeader.js';
export type { DicomFileHeader } from './readers/dicom/fileHeader.js';
export type { DicomSeriesMetadata } from './readers/dicom/metadata.js';

export { windowAir, toGrey, LUNG_WINDOW } from './stages/window.js';
export { findContours } from './stages/contour.js';
export { selectLungsSeed } from './stages/selectLungs.js';
export { rasterizePolygons } from './stages/rasterize.js';
export { vesselMask } from './stages/vessels.js';
export { denoiseContourVertices } from './stages/denoise.js';
export { measureSlice } from './stages/measure.js';
export { analyseSlice } from './stages/anatomy.js';
export type { HuSlice, BinaryImage, Contour, SliceMeasurement } from './stages/types.js';

export { generatePhantom, writePhantomCohort } from './phantom/index.js';
export { LUNGFLOW_VERSION } from './version.js';
