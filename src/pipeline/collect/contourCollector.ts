import type { SliceTaskResult } from '../../worker.js';
import type { ScanMasks } from '../../sinks/masks/maskSink.js';
import { ScanAssembly, volumeMl } from '../scanAssembly.js';
import { kindMismatch, type ScanCollector, type ScanMeasurements } from './scanCollector.js';

/** The contours kind: every slice is measured by the worker; the scan sums areas × slice spacing. */
export class ContourCollector implements ScanCollector {
  private readonly assembly: ScanAssembly;

  constructor(
    nSlices: number,
    private readonly sliceSpacingMm: number,
    private readonly masks: ScanMasks | null,
    private readonly onStageMs: (ms: Float64Array) => void,
  ) {
    this.assembly = new ScanAssembly(nSlices);
  }

  add(task: SliceTaskResult): void {
    if (task.kind !== 'contours') throw kindMismatch('contours', task.kind);
    const r = task.result;
    this.assembly.add(r.measurement);
    if (this.masks && r.lungMask && r.vesselMask) this.masks.addSlice(r.measurement.index, r.lungMask, r.vesselMask);
    if (r.stageMs) this.onStageMs(r.stageMs);
  }

  finish(): ScanMeasurements {
    const slices = this.assembly.slices();
    return {
      slices,
      lungVolumeMl: volumeMl(slices.map((s) => s.lungAreaMm2), this.sliceSpacingMm),
      vesselVolumeMl: volumeMl(slices.map((s) => s.vesselAreaMm2), this.sliceSpacingMm),
      leftVolumeMl: null,
      rightVolumeMl: null,
      flags: [],
    };
  }
}
