import { decodeVoxels } from '../stages/read.js';
import type { HuSlice } from '../stages/types.js';
import { datatypeInfo } from './nifti/datatypes.js';
import { decodePlaneToSlice, PlaneScratch } from './nifti/decodePlane.js';
import { gatherSlice, type SlicePlan } from './slicing.js';
import type { StoredValues } from './storedValues.js';
import type { SliceBufferSource } from './volumeSource.js';

/** What turning stored planes into slices needs from a reader. */
export interface PlaneSource {
  readonly plan: SlicePlan;
  readonly stored: StoredValues;
  readonly spacingMm: readonly [number, number];
  readonly buffers: SliceBufferSource;
  /** Fills `raw` with stored plane k (the whole k-plane of the first volume), or throws saying why it cannot. */
  readPlane(raw: Uint8Array, k: number): Promise<void>;
  /** Throws when the source was closed, before slice k. */
  throwIfClosed(k: number): void;
}

/**
 * HU slices from the stored planes, in index order. With the axial axis stored last (nearly every CT) each plane is
 * a slice, decoded as it arrives into a buffer of its own; otherwise the first volume is read whole and resliced.
 */
export async function* slicesFromPlanes(source: PlaneSource): AsyncGenerator<HuSlice> {
  const { plan, stored, spacingMm, buffers } = source;
  const [nx, ny, nz] = plan.volumeDims;
  const planeVoxels = nx * ny;
  const raw = new Uint8Array(planeVoxels * datatypeInfo(stored.datatype).bytes);
  const slice = (index: number, hu: Float32Array): HuSlice => ({ index, width: plan.width, height: plan.height, hu, spacingMm });
  if (plan.axialAxis === 2) {
    const scratch = new PlaneScratch();
    for (let k = 0; k < nz; k++) {
      await source.readPlane(raw, k);
      const hu = buffers.take(plan.width * plan.height);
      decodePlaneToSlice(stored, plan, raw, hu, scratch);
      yield slice(k, hu);
    }
    return;
  }
  const volume = new Float32Array(planeVoxels * nz);
  for (let k = 0; k < nz; k++) {
    await source.readPlane(raw, k);
    decodeVoxels(stored, raw, volume.subarray(k * planeVoxels, (k + 1) * planeVoxels));
  }
  for (let k = 0; k < plan.nSlices; k++) {
    source.throwIfClosed(k);
    const hu = buffers.take(plan.width * plan.height);
    gatherSlice(plan, volume, k, hu);
    yield slice(k, hu);
  }
}
