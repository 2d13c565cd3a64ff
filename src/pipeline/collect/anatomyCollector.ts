import type { SliceTaskResult } from '../../worker.js';
import type { ScanMasks } from '../../sinks/masks/maskSink.js';
import type { SliceCandidates } from '../../stages/anatomy.js';
import type { AssembleParams, ScanGeometry } from '../../volume/assembleScan.js';
import { assembleDefaultScan, defaultSliceMasks } from '../../chain/defaultChain.js';
import { kindMismatch, type ScanCollector, type ScanMeasurements } from './scanCollector.js';

/**
 * The anatomy kind: workers return each slice's candidate regions (run-length, a few KB); once all are in, the
 * scan is assembled in 3-D on the main thread, and only then are masks painted, from the regions kept as lung.
 */
export class AnatomyCollector implements ScanCollector {
  private readonly slices: (SliceCandidates | undefined)[];
  private received = 0;

  constructor(
    private readonly params: AssembleParams,
    private readonly geometry: ScanGeometry,
    private readonly masks: ScanMasks | null,
    private readonly onStageMs: (ms: Float64Array) => void,
  ) {
    this.slices = new Array(geometry.nSlices);
  }

  add(task: SliceTaskResult): void {
    if (task.kind !== 'anatomy') throw kindMismatch('anatomy', task.kind);
    const c = task.result.candidates;
    if (this.slices[c.index] === undefined) this.received++;
    this.slices[c.index] = c;
    if (task.result.stageMs) this.onStageMs(task.result.stageMs);
  }

  finish(): ScanMeasurements {
    if (this.received !== this.geometry.nSlices) {
      throw new Error(`scan assembly incomplete: ${this.received} of ${this.geometry.nSlices} slices`);
    }
    const all = this.slices as SliceCandidates[];
    const scan = assembleDefaultScan(this.params, all, this.geometry);
    if (this.masks) {
      for (const s of all) {
        const { lung, vessels } = defaultSliceMasks(s, scan.lungRegionsOf(s.index), scan.islandsTakenBackOf(s.index));
        this.masks.addSlice(s.index, lung, vessels);
      }
    }
    return {
      slices: scan.slices.map((s) => ({
        sliceIndex: s.index,
        lungAreaMm2: s.lungAreaMm2,
        vesselAreaMm2: s.vesselAreaMm2,
        vesselRatioPct: s.vesselRatioPct,
        nLungContours: s.nLungRegions,
        note: s.note,
        leftAreaMm2: s.leftAreaMm2,
        rightAreaMm2: s.rightAreaMm2,
      })),
      lungVolumeMl: scan.lungVolumeMl,
      vesselVolumeMl: scan.vesselVolumeMl,
      leftVolumeMl: scan.leftVolumeMl,
      rightVolumeMl: scan.rightVolumeMl,
      flags: scan.flags,
    };
  }
}
