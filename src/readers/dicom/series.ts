import { readWholeFile } from '../readableFile.js';
import type { HuSlice } from '../../stages/types.js';
import { inPlaneSpacing, type ReadParams } from '../../stages/read.js';
import { ReadError, formatBytes } from '../errors.js';
import type { VolumeGeometry } from '../geometry.js';
import { gatherSlice, isIdentityPlane, planSlices, type SlicePlan } from '../slicing.js';
import { FRESH_BUFFERS, type NiftiDescription, type OpenOptions, type SliceBufferSource, type VolumeSource } from '../volumeSource.js';
import { readDicomFileHeader, type DicomFileHeader } from './fileHeader.js';
import { frameBytes } from './framePixels.js';
import type { DicomSeriesMetadata } from './metadata.js';
import { parseDicomBytes } from './parse.js';
import { pixelFormatOf, storedToHu, storedView } from './pixelFormat.js';
import { layoutSeries } from './seriesGeometry.js';
import { pixelEncodingOf, transferSyntaxName, type PixelEncoding } from './transferSyntax.js';
import { PlaneReads } from '../planeReads.js';

/** One DICOM series as discovery found it: its files (any order), where they are, and its SeriesInstanceUID. */
export interface DicomSeries {
  /** The folder that holds its files (the scan's `path`; the common parent when they are split over folders). */
  readonly folder: string;
  readonly seriesUid: string;
  readonly files: readonly string[];
}

/** A DICOM series opened for reading. */
export interface DicomSource extends VolumeSource {
  readonly format: 'dicom';
  readonly dicom: DicomSeriesMetadata;
  /** The files in slice order (by position along the slice normal). */
  readonly orderedFiles: readonly string[];
}

const DEFAULT_MAX_VOXEL_BYTES = 4 * 1024 ** 3;

/**
 * Opens a series: reads every file's header (never its pixels), orders the slices by position, measures the
 * geometry and checks every file's transfer syntax; then `slices()` reads and decodes one file at a time.
 * Errors are ReadErrors naming the file at fault.
 */
export async function openDicomSeries(series: DicomSeries, params: ReadParams, options: OpenOptions = {}): Promise<DicomSource> {
  const headers: DicomFileHeader[] = [];
  for (const file of series.files) {
    options.signal?.throwIfAborted();
    const h = await readDicomFileHeader(file);
    if (h === null) throw new ReadError('not-dicom', `${file} is not DICOM: no 'DICM' at byte 128 and no group 0002/0008 element at its start`);
    headers.push(h);
  }
  for (const h of headers) checkFile(h, series.seriesUid);
  const layout = layoutSeries(headers);
  const { geometry } = layout;
  const plan = planSlices(geometry, params.orientation);
  const nifti = niftiDescriptionOf(geometry);
  const spacingMm = inPlaneSpacing(params, nifti, geometry, plan);
  if (plan.axialAxis !== 2) {
    const bytes = geometry.dims[0] * geometry.dims[1] * geometry.dims[2] * 4;
    const most = options.maxVoxelBytes ?? DEFAULT_MAX_VOXEL_BYTES;
    if (bytes > most) throw new ReadError('too-large', `the series is not axial and must be held whole to be resliced: ${formatBytes(bytes)} of HU, more than the limit of ${formatBytes(most)}`);
  }
  return new SeriesSource(series.folder, layout.ordered, geometry, plan, spacingMm, nifti, layout.notes, layout.sliceWeightsMm,
    metadataOf(layout.ordered[0], series.seriesUid), options.signal, options.sliceBuffers ?? FRESH_BUFFERS);
}

function checkFile(h: DicomFileHeader, seriesUid: string): void {
  if (seriesUid && h.seriesInstanceUid !== seriesUid) {
    throw new ReadError('dicom-mixed-series', `${h.path} belongs to series ${h.seriesInstanceUid ?? '(none)'}, not to ${seriesUid}`);
  }
  const uid = h.transferSyntaxUid;
  if (uid !== null && pixelEncodingOf(uid) === null) {
    throw new ReadError('unsupported-transfer-syntax', `${h.path} uses transfer syntax ${uid} (${transferSyntaxName(uid)}), which lungflow cannot decode; convert the series with e.g. \`gdcmconv --raw\``);
  }
}

export function metadataOf(h: DicomFileHeader, seriesUid: string): DicomSeriesMetadata {
  return {
    patientId: h.patientId,
    studyInstanceUid: h.studyInstanceUid,
    seriesInstanceUid: h.seriesInstanceUid ?? seriesUid,
    seriesDescription: h.seriesDescription,
    modality: h.modality,
    manufacturer: h.manufacturer,
    convolutionKernel: h.convolutionKernel,
    sliceThicknessMm: h.sliceThicknessMm,
    kvp: h.kvp,
  };
}

/** What a faithful NIfTI conversion of the series carries: its grid, qform = sform = scanner (1), mm. */
function niftiDescriptionOf(g: VolumeGeometry): NiftiDescription {
  const a = g.affine;
  const det = a[0] * (a[5] * a[10] - a[6] * a[9]) - a[1] * (a[4] * a[10] - a[6] * a[8]) + a[2] * (a[4] * a[9] - a[5] * a[8]);
  return {
    dim: [3, g.dims[0], g.dims[1], g.dims[2], 1, 1, 1, 1],
    pixdim: [det < 0 ? -1 : 1, g.spacingMm[0], g.spacingMm[1], g.spacingMm[2], 1, 1, 1, 1],
    qformCode: 1,
    sformCode: 1,
    xyztUnits: 2,
  };
}

class SeriesSource implements DicomSource {
  readonly format = 'dicom';
  readonly orderedFiles: readonly string[];
  readonly sliceWeightsMm?: readonly number[];
  private readonly reads: PlaneReads;

  constructor(
    readonly path: string,
    private readonly headers: readonly DicomFileHeader[],
    readonly geometry: VolumeGeometry,
    readonly plan: SlicePlan,
    readonly spacingMm: readonly [number, number],
    readonly nifti: NiftiDescription,
    readonly notes: readonly string[],
    sliceWeightsMm: readonly number[] | null,
    readonly dicom: DicomSeriesMetadata,
    signal: AbortSignal | undefined,
    private readonly buffers: SliceBufferSource,
  ) {
    this.reads = new PlaneReads(signal, (k) => new ReadError('closed', `${path} was closed before slice ${k} of ${plan.nSlices}`));
    this.orderedFiles = headers.map((h) => h.path);
    if (sliceWeightsMm) this.sliceWeightsMm = sliceWeightsMm;
  }

  slices(): AsyncIterable<HuSlice> {
    return { [Symbol.asyncIterator]: () => (this.plan.axialAxis === 2 ? this.streamFiles() : this.gatherFromVolume()) };
  }

  close(): Promise<void> {
    return this.reads.close();
  }

  private async *streamFiles(): AsyncGenerator<HuSlice> {
    const { plan } = this;
    const identity = isIdentityPlane(plan);
    const plane = identity ? null : new Float32Array(plan.volumeDims[0] * plan.volumeDims[1]);
    for (let k = 0; k < this.headers.length; k++) {
      const hu = this.buffers.take(plan.width * plan.height);
      await this.readPlane(k, plane ?? hu);
      // The stored plane is a one-slice volume: its slice 0 is slice k of the series.
      if (plane) gatherSlice(plan, plane, 0, hu);
      yield { index: k, width: plan.width, height: plan.height, hu, spacingMm: this.spacingMm };
    }
  }

  /** A series whose slices are not axial (sagittal, coronal): held whole, then resliced like a NIfTI would be. */
  private async *gatherFromVolume(): AsyncGenerator<HuSlice> {
    const [nx, ny, nz] = this.plan.volumeDims;
    const volume = new Float32Array(nx * ny * nz);
    for (let k = 0; k < nz; k++) await this.readPlane(k, volume.subarray(k * nx * ny, (k + 1) * nx * ny));
    for (let k = 0; k < this.plan.nSlices; k++) {
      this.reads.throwIfClosed(k);
      const hu = this.buffers.take(this.plan.width * this.plan.height);
      gatherSlice(this.plan, volume, k, hu);
      yield { index: k, width: this.plan.width, height: this.plan.height, hu, spacingMm: this.spacingMm };
    }
  }

  /** Reads, parses and decodes stored plane k (file k in slice order) into `out` as HU, stored layout. */
  private async readPlane(k: number, out: Float32Array): Promise<void> {
    const path = this.headers[k].path;
    const bytes = await this.reads.plane(k, () => readWholeFile(path));
    const ds = parseDicomBytes(bytes, path, false);
    const uid = ds.string('x00020010') ?? this.headers[k].transferSyntaxUid ?? '1.2.840.10008.1.2';
    const encoding = pixelEncodingOf(uid);
    if (encoding === null) throw new ReadError('unsupported-transfer-syntax', `${path} uses transfer syntax ${uid} (${transferSyntaxName(uid)}), which lungflow cannot decode`);
    const format = pixelFormatOf(ds, path);
    const [nx, ny] = this.plan.volumeDims;
    if (format.columns !== nx || format.rows !== ny) {
      throw new ReadError('dicom-mixed-sizes', `${path} is ${format.columns}x${format.rows} (columns x rows), the series is ${nx}x${ny}`);
    }
    const stored = await frameBytes(ds, encoding, format, path, bytes.length);
    storedToHu(format, storedView(format, stored, encoding === 'native-be'), out);
  }
}

export type { PixelEncoding };
