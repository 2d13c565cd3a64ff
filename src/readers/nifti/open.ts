import { openReadable, type ReadableFile } from '../readableFile.js';
import type { HuSlice } from '../../stages/types.js';
import { inPlaneSpacing, type ReadParams } from '../../stages/read.js';
import { defaultInflateMode, inflateFile, type InflateMode } from './inflateFile.js';
import { NiftiError, formatBytes } from './errors.js';
import { geometryOf } from './geometry.js';
import type { VolumeGeometry } from '../geometry.js';
import { FRESH_BUFFERS, type NiftiDescription, type OpenOptions, type SliceBufferSource, type VolumeSource } from '../volumeSource.js';
import {
  NIFTI2_HEADER_BYTES, bytesPerVoxel, hasScaling, headerBytesNeeded, parseNiftiHeader, voxelsPerVolume, type NiftiHeader,
} from './header.js';
import { planSlices, type SlicePlan } from '../slicing.js';
import { slicesFromPlanes } from '../planeSlices.js';
import { PlaneReads } from '../planeReads.js';

/** A NIfTI file opened for reading: a VolumeSource that also shows its parsed header. */
export interface NiftiSource extends VolumeSource {
  readonly format: 'nifti';
  readonly header: NiftiHeader;
}

export interface NiftiOpenOptions extends OpenOptions {
  /** How gzip data is inflated (default: 'direct' where this Node's zlib allows it); see inflatedBytes.ts. */
  readonly inflate?: InflateMode;
}

const DEFAULT_MAX_VOXEL_BYTES = 4 * 1024 ** 3;
/** DEFLATE cannot compress better than about 1032:1, so a gzip file cannot hold more than this many times its size. */
const MAX_DEFLATE_RATIO = 1032;
/** After the last slice of a single-volume file, read at most this much more to reach the gzip trailer (CRC). */
const TRAILER_CHECK_BYTES = 1024 * 1024;

/**
 * Opens a NIfTI file (.nii or gzip, sniffed from the bytes), parses and validates its header and checks the claimed
 * size against the file before allocating anything. The file is held open only while slices are being read.
 */
export async function openNifti(path: string, params: ReadParams, options: NiftiOpenOptions = {}): Promise<NiftiSource> {
  options.signal?.throwIfAborted();
  const inflate = options.inflate ?? defaultInflateMode();
  const fh = await openReadable(path);
  let probe: { header: NiftiHeader; fileBytes: number; gzip: boolean };
  try {
    probe = await readHeader(fh, inflate);
  } finally {
    await fh.close();
  }
  options.signal?.throwIfAborted();
  const { header, fileBytes, gzip } = probe;
  checkClaimedSize(header, fileBytes, gzip, options.maxVoxelBytes ?? DEFAULT_MAX_VOXEL_BYTES);
  const geometry = geometryOf(header);
  const plan = planSlices(geometry, params.orientation);
  const spacingMm = inPlaneSpacing(params, header, geometry, plan);
  return new FileSource(path, header, geometry, plan, spacingMm, gzip ? inflate : null, options.signal, options.sliceBuffers ?? FRESH_BUFFERS);
}

/** What a NIfTI file tells a user about itself beyond its voxels: only the first of several volumes is read; a repaired spacing. */
function notesOf(geometry: VolumeGeometry): string[] {
  return [
    ...(geometry.nVolumes > 1 ? [`4d: measured the first of ${geometry.nVolumes} volumes`] : []),
    ...(geometry.spacingNote ? [geometry.spacingNote] : []),
  ];
}

async function readHeader(fh: ReadableFile, inflate: InflateMode): Promise<{ header: NiftiHeader; fileBytes: number; gzip: boolean }> {
  const fileBytes = (await fh.stat()).size;
  const first = new Uint8Array(NIFTI2_HEADER_BYTES);
  const { bytesRead } = await fh.read(first, 0, first.length, 0);
  const gzip = bytesRead >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (!gzip) return { header: parseNiftiHeader(first.subarray(0, bytesRead)), fileBytes, gzip };
  const bytes = inflateFile(fh, HEADER_PROBE_BYTES, inflate);
  try {
    const head = new Uint8Array(NIFTI2_HEADER_BYTES);
    let n: number;
    try {
      n = await bytes.fill(head.subarray(0, 4));
      if (n === 4) n += await bytes.fill(head.subarray(4, headerBytesNeeded(head)));
    } catch (err) {
      throw gzipFailure(err, bytes.consumed, 'header');
    }
    return { header: parseNiftiHeader(head.subarray(0, n)), fileBytes, gzip };
  } finally {
    bytes.destroy();
  }
}

/** Compressed bytes read per piece while reading the voxels: in proportion to the data, 64 KiB to 1 MiB. */
function voxelReadBytes(inflatedBytes: number): number {
  return Math.min(1024 * 1024, Math.max(64 * 1024, Math.ceil(inflatedBytes / 128)));
}
/** Probing the header: a few hundred bytes are needed, so read little. */
const HEADER_PROBE_BYTES = 64 * 1024;

function checkClaimedSize(h: NiftiHeader, fileBytes: number, gzip: boolean, maxVoxelBytes: number): void {
  const volumeBytes = voxelsPerVolume(h) * bytesPerVoxel(h);
  const dims = h.dim.slice(1, Math.min(3, h.dim[0]) + 1).join('x');
  const claim = `header claims ${formatBytes(volumeBytes)} of voxel data (${dims} ${h.datatype}${h.dim[0] > 3 ? ', first volume' : ''})`;
  const need = h.voxOffset + volumeBytes;
  if (gzip) {
    const most = fileBytes * MAX_DEFLATE_RATIO;
    if (h.voxOffset > most) {
      throw new NiftiError('bad-vox-offset', `vox_offset ${h.voxOffset} is past the end of what the ${fileBytes}-byte gzip file can inflate to (at most ${formatBytes(most)})`);
    }
    if (need > most) {
      throw new NiftiError('too-large', `${claim} but the ${formatBytes(fileBytes)} gzip file can inflate to at most ${formatBytes(most)} (DEFLATE's limit is about ${MAX_DEFLATE_RATIO}:1)`);
    }
  } else {
    if (h.voxOffset > fileBytes) {
      throw new NiftiError('bad-vox-offset', `vox_offset ${h.voxOffset} is past the end of the ${fileBytes}-byte file`);
    }
    if (need > fileBytes) {
      const code = volumeBytes > maxVoxelBytes ? 'too-large' : 'truncated';
      throw new NiftiError(code, `${claim} from byte ${h.voxOffset} but the file holds ${formatBytes(fileBytes)} (${fileBytes - h.voxOffset} bytes after vox_offset)`);
    }
  }
  if (volumeBytes > maxVoxelBytes) {
    throw new NiftiError('too-large', `${claim}, more than the limit of ${formatBytes(maxVoxelBytes)}`);
  }
}

/**
 * zlib reports an error as soon as it meets it, and output it had inflated but nobody had read yet is dropped
 * with the stream: "arrived" counts the bytes handed on before the error.
 */
function gzipFailure(err: unknown, arrived: number, expected: number | 'header'): NiftiError {
  if (err instanceof NiftiError) return err;
  const e = err as { code?: string; message?: string };
  const truncated = e.code === 'Z_BUF_ERROR';
  if (expected === 'header') {
    return truncated
      ? new NiftiError('truncated', `the file is truncated: its gzip stream ends early, ${arrived} bytes arrived, before the header was complete`)
      : new NiftiError('corrupt-gzip', `the gzip data is corrupt (${e.message ?? String(err)}); ${arrived} bytes arrived, before the header was complete`);
  }
  const of = `${arrived} of ${expected} bytes (${formatBytes(arrived)} of ${formatBytes(expected)})`;
  return truncated
    ? new NiftiError('truncated', `the file is truncated: its gzip stream ends early, ${of} arrived`)
    : new NiftiError('corrupt-gzip', `the gzip data is corrupt (${e.message ?? String(err)}) after ${of} arrived`);
}

/** Reads one stored k-plane after another from the voxel data of the first volume. */
interface PlaneReader {
  /** Fills `into`; returns the number of bytes read (fewer only at the end of the file). */
  read(into: Uint8Array): Promise<number>;
  /** After the last plane: check what must hold at the end (the gzip trailer). */
  finish(): Promise<void>;
  /** Bytes of the file (inflated, for gzip) consumed so far, header included. */
  readonly consumed: number;
  release(): Promise<void>;
}

class FileSource implements NiftiSource {
  readonly format = 'nifti';
  readonly nifti: NiftiDescription;
  readonly notes: readonly string[];
  readonly mayHoldNonFinite: boolean;
  private readonly reads: PlaneReads<PlaneReader>;

  constructor(
    readonly path: string,
    readonly header: NiftiHeader,
    readonly geometry: VolumeGeometry,
    readonly plan: SlicePlan,
    readonly spacingMm: readonly [number, number],
    /** How its gzip data is inflated; null for a plain .nii. */
    private readonly inflate: InflateMode | null,
    signal: AbortSignal | undefined,
    private readonly buffers: SliceBufferSource,
  ) {
    this.reads = new PlaneReads(signal, (k) => new NiftiError('closed', `${path} was closed${k >= 0 ? ` before slice ${k} of ${plan.nSlices}` : ' while slices were being read'}`));
    this.nifti = {
      dim: header.dim, pixdim: header.pixdim, qformCode: header.qformCode, sformCode: header.sformCode, xyztUnits: header.xyztUnits,
    };
    this.notes = notesOf(geometry);
    // Scaled integers too: a large slope can overflow float32 to ±Inf.
    this.mayHoldNonFinite = header.datatype.startsWith('float') || (hasScaling(header) && !(header.sclSlope === 1 && header.sclInter === 0));
  }

  slices(): AsyncIterable<HuSlice> {
    return { [Symbol.asyncIterator]: () => this.iterate() };
  }

  close(): Promise<void> {
    return this.reads.close();
  }

  private iterate(): AsyncGenerator<HuSlice> {
    return this.reads.pass(
      () => this.openReader(),
      (reader) => slicesFromPlanes({
        plan: this.plan, stored: this.header, spacingMm: this.spacingMm, buffers: this.buffers,
        readPlane: (raw, k) => this.readPlane(reader, raw, k),
        throwIfClosed: (k) => this.reads.throwIfClosed(k),
      }),
      (reader) => this.guard(reader, () => reader.finish()),
    );
  }

  private async readPlane(reader: PlaneReader, raw: Uint8Array, k: number): Promise<void> {
    const n = await this.reads.plane(k, () => this.guard(reader, () => reader.read(raw)));
    if (n < raw.length) {
      const expected = this.expectedBytes();
      throw new NiftiError('truncated', `the ${this.inflate ? 'inflated gzip data' : 'file'} ends after ${reader.consumed} of ${expected} bytes (${formatBytes(reader.consumed)} of ${formatBytes(expected)}): stored plane ${k} of ${this.plan.volumeDims[2]} is incomplete`);
    }
  }

  private expectedBytes(): number {
    return this.header.voxOffset + voxelsPerVolume(this.header) * bytesPerVoxel(this.header);
  }

  private async guard<T>(reader: PlaneReader, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      this.reads.throwIfClosed(-1);
      if (this.inflate) throw gzipFailure(err, reader.consumed, this.expectedBytes());
      throw err;
    }
  }

  private async openReader(): Promise<PlaneReader> {
    const fh = await openReadable(this.path);
    try {
      return this.inflate ? await gzipPlanes(fh, this.header, this.geometry.nVolumes, this.inflate) : plainPlanes(fh, this.header.voxOffset);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }
}

function releaseOnce(fh: ReadableFile, before?: () => void): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => {
    if (!done) {
      before?.();
      done = fh.close().catch(() => undefined);
    }
    return done;
  };
}

function plainPlanes(fh: ReadableFile, voxOffset: number): PlaneReader {
  let position = voxOffset;
  return {
    get consumed() { return position; },
    async read(into) {
      let n = 0;
      while (n < into.length) {
        const { bytesRead } = await fh.read(into, n, into.length - n, position);
        if (bytesRead === 0) break;
        n += bytesRead;
        position += bytesRead;
      }
      return n;
    },
    async finish() {},
    release: releaseOnce(fh),
  };
}

async function gzipPlanes(fh: ReadableFile, header: NiftiHeader, nVolumes: number, inflate: InflateMode): Promise<PlaneReader> {
  const bytes = inflateFile(fh, voxelReadBytes(header.voxOffset + voxelsPerVolume(header) * bytesPerVoxel(header)), inflate);
  const reader: PlaneReader = {
    get consumed() { return bytes.consumed; },
    read: (into) => bytes.fill(into),
    async finish() {
      // Reading on to the end makes zlib check the CRC; skip that for 4-D files, whose other volumes we never need.
      if (nVolumes === 1) await bytes.skip(TRAILER_CHECK_BYTES);
    },
    release: releaseOnce(fh, () => bytes.destroy()),
  };
  try {
    const skipped = await bytes.skip(header.voxOffset);
    if (skipped < header.voxOffset) {
      throw new NiftiError('truncated', `the inflated gzip data ends after ${skipped} bytes, before vox_offset ${header.voxOffset}`);
    }
  } catch (err) {
    bytes.destroy();
    throw gzipFailure(err, bytes.consumed, header.voxOffset);
  }
  return reader;
}
