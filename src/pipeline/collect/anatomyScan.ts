import type { ScanMeasurements } from '../../results.js';
import type { BiomarkerPhase, SliceTaskResult } from '../../scanTask.js';
import type { ScanMasks } from '../../sinks/masks/maskSink.js';
import { sliceThicknessMm, type AssembleParams, type ScanGeometry } from '../../volume/assembleScan.js';
import type { SliceCandidates } from '../../stages/anatomy.js';
import { assembleDefaultScan, defaultSliceMasks } from '../../chain/defaultChain.js';
import { scanBiomarkers, zonesOfScan, type BiomarkerParams } from '../../biomarkers/scanBiomarkers.js';
import { scanVesselSize } from '../../biomarkers/scanVesselSize.js';
import { sliceResultsOf } from './sliceResults.js';
import { excludeNonFinite, nonFiniteInLung } from '../../volume/excludeNonFinite.js';

/**
 * The anatomy kind: each slice's candidate regions (run-length, a few KB) are assembled in 3-D here, in the worker
 * that found them, and only then are masks painted, from the regions kept as lung, and the regions' HU tallies
 * summed into the density measures.
 */
export async function measureAnatomyScan(
  results: readonly SliceTaskResult[],
  params: AssembleParams,
  geometry: ScanGeometry,
  masks: ScanMasks | null,
  onStageMs: (ms: Float64Array) => void,
  biomarkerParams: BiomarkerParams,
  /** Per slice (in index order), the pixels that were not finite and were repaired for the stages; null: none. */
  nonFinite: readonly (Int32Array | null)[] = [],
  onPhaseMs?: (phase: BiomarkerPhase, ms: number) => void,
): Promise<ScanMeasurements> {
  const slices = sliceResultsOf('anatomy', results, geometry.nSlices);
  for (const r of slices) if (r.stageMs) onStageMs(r.stageMs);
  const candidates = slices.map((r) => r.candidates);
  const scan = assembleDefaultScan(params, candidates, geometry);
  const zonesStart = performance.now();
  const zones = zonesOfScan(scan, geometry, biomarkerParams.zoneSplit);
  const zonesMs = performance.now() - zonesStart;
  const writeMasks = masks
    ? async (s: SliceCandidates, regions: Uint8Array) => {
        const { lung, vessels } = defaultSliceMasks(s, scan.lungRegionsOf(s.index), scan.islandsTakenBackOf(s.index), scan.surfaceVesselsOf(s.index));
        await masks.addSlice(s.index, lung, vessels, regions);
      }
    : undefined;
  const vesselStart = performance.now();
  const vesselSize = await scanVesselSize(biomarkerParams, candidates, scan, geometry, zones, writeMasks, masks?.wants);
  const regionsStart = performance.now();
  const inLung = nonFinite.some((m) => m !== null) ? nonFiniteInLung(candidates, nonFinite, scan, params) : null;
  const biomarkers = scanBiomarkers(biomarkerParams, candidates, slices.map((r) => r.tallies), scan, geometry, zones, vesselSize.counts, inLung);
  onPhaseMs?.('vesselSize', regionsStart - vesselStart);
  onPhaseMs?.('regions', zonesMs + performance.now() - regionsStart);
  const rows = scan.slices.map((s) => ({
    sliceIndex: s.index,
    lungAreaMm2: s.lungAreaMm2,
    vesselAreaMm2: s.vesselAreaMm2,
    vesselRatioPct: s.vesselRatioPct,
    nLungContours: s.nLungRegions,
    note: s.note,
    leftAreaMm2: s.leftAreaMm2,
    rightAreaMm2: s.rightAreaMm2,
  }));
  const flags = [...scan.flags, ...biomarkers.flags, ...vesselSize.flags];
  if (inLung) {
    const kept = excludeNonFinite(rows, inLung);
    const ml = (pick: (r: (typeof kept)[number]) => number | null) =>
      kept.reduce((a, r) => a + (pick(r) ?? 0) * sliceThicknessMm(geometry, r.sliceIndex), 0) / 1000;
    return {
      slices: kept,
      lungVolumeMl: ml((r) => r.lungAreaMm2),
      vesselVolumeMl: ml((r) => r.vesselAreaMm2),
      leftVolumeMl: ml((r) => r.leftAreaMm2),
      rightVolumeMl: ml((r) => r.rightAreaMm2),
      flags,
      biomarkers,
    };
  }
  return {
    slices: rows,
    lungVolumeMl: scan.lungVolumeMl,
    vesselVolumeMl: scan.vesselVolumeMl,
    leftVolumeMl: scan.leftVolumeMl,
    rightVolumeMl: scan.rightVolumeMl,
    flags,
    biomarkers,
  };
}
