import { stat } from 'node:fs/promises';
import type { HuSlice } from '../stages/types.js';
import { inPlaneSpacing, type ReadParams } from '../stages/read.js';
import { datatypeInfo } from './nifti/datatypes.js';
import { openPlaneReader, type DataLayout, type DataPart, type PlaneReader } from './dataPlanes.js';
import { formatBytes, ReadError } from './errors.js';
import type { VolumeGeometry } from './geometry.js';
import { planSlices, type SlicePlan } from './slicing.js';
import { slicesFromPlanes } from './planeSlices.js';
import { PlaneReads } from './planeReads.js';
import type { StoredValues } from './storedValues.js';
import { niftiDescriptionOf } from './worldGeometry.js';
import {
  FRESH_BUFFERS, type NiftiDescription, type OpenOptions, type ScanFormat, type SliceBufferSource, type VolumeSource,
} from './volumeSource.js';

/**
 * A volume whose text header says where its voxels are (NRRD, MetaImage): what a header parser hands on. Parts
 * whose size depends on their file (data at the end of a file) are resolved when it is opened.
 */
export interface StoredVolume {
  readonly path: string;
  readonly format: ScanFormat;
  readonly geometry: VolumeGeometry;
  readonly stored: StoredValues;
  readonly layout: DataLayout;
  /** What the header named each data file by (e.g. "'data file'", "ElementDataFile"), for messages. */
  readonly dataFileField: string;
  readonly notes: readonly string[];
}

const DEFAULT_MAX_VOXEL_BYTES = 4 * 1024 ** 3;

/** Checks that every data file is there and, stored raw, holds what the header declares; then opens for slices. */
export async function openStoredVolume(volume: StoredVolume, params: ReadParams, options: OpenOptions = {}): Promise<VolumeSource> {
  options.signal?.throwIfAborted();
  const { geometry, stored } = volume;
  const [nx, ny, nz] = geometry.dims;
  const volumeBytes = nx * ny * nz * datatypeInfo(stored.datatype).bytes;
  const claim = `the header declares ${formatBytes(volumeBytes)} of voxels (${nx}x${ny}x${nz} ${stored.datatype}${geometry.nVolumes > 1 ? ', first volume' : ''})`;
  const max = options.maxVoxelBytes ?? DEFAULT_MAX_VOXEL_BYTES;
  if (volumeBytes > max) throw new ReadError('too-large', `${claim}, more than the limit of ${formatBytes(max)}`);
  for (const part of volume.layout.parts) await checkPart(part, volume, claim);
  const plan = planSlices(geometry, params.orientation);
  const nifti = niftiDescriptionOf(geometry);
  const spacingMm = inPlaneSpacing(params, nifti, geometry, plan);
  return new StoredVolumeSource(volume, plan, spacingMm, nifti, options.signal, options.sliceBuffers ?? FRESH_BUFFERS);
}

async function checkPart(part: DataPart, volume: StoredVolume, claim: string): Promise<void> {
  const info = await stat(part.path).catch(() => null);
  if (!info?.isFile()) {
    throw new ReadError('missing-data-file', `the data file ${part.path} (named by ${volume.dataFileField} in the header) ${info ? 'is not a regular file' : 'does not exist'}`);
  }
  if (volume.layout.encoding === 'raw' && info.size < part.start + part.bytes) {
    const held = Math.max(0, info.size - part.start);
    const of = volume.layout.parts.length > 1 ? `this file's share is ${formatBytes(part.bytes)}` : claim;
    throw new ReadError('truncated', `the data file ${part.path} holds ${held} bytes from byte ${part.start} (${formatBytes(held)}), but ${of} = ${part.bytes} bytes`);
  }
}

class StoredVolumeSource implements VolumeSource {
  readonly path: string;
  readonly format: ScanFormat;
  readonly geometry: VolumeGeometry;
  readonly notes: readonly string[];
  readonly mayHoldNonFinite: boolean;
  private readonly reads: PlaneReads<PlaneReader>;

  constructor(
    private readonly volume: StoredVolume,
    readonly plan: SlicePlan,
    readonly spacingMm: readonly [number, number],
    readonly nifti: NiftiDescription,
    signal: AbortSignal | undefined,
    private readonly buffers: SliceBufferSource,
  ) {
    this.path = volume.path;
    this.reads = new PlaneReads(signal, (k) => new ReadError('closed', `${volume.path} was closed before slice ${k} of ${plan.nSlices}`));
    this.format = volume.format;
    this.geometry = volume.geometry;
    const n = volume.geometry.nVolumes;
    this.mayHoldNonFinite = volume.stored.datatype.startsWith('float');
    this.notes = [...(n > 1 ? [`4d: measured the first of ${n} volumes`] : []), ...volume.notes];
  }

  slices(): AsyncIterable<HuSlice> {
    return { [Symbol.asyncIterator]: () => this.iterate() };
  }

  close(): Promise<void> {
    return this.reads.close();
  }

  private iterate(): AsyncGenerator<HuSlice> {
    return this.reads.pass(
      () => openPlaneReader(this.volume.layout, this.geometry.nVolumes === 1),
      (reader) => slicesFromPlanes({
        plan: this.plan, stored: this.volume.stored, spacingMm: this.spacingMm, buffers: this.buffers,
        readPlane: (raw, k) => this.reads.plane(k, () => reader.read(raw)),
        throwIfClosed: (k) => this.reads.throwIfClosed(k),
      }),
      (reader) => reader.finish(),
    );
  }
}
