import { openReadable, type ReadableFile } from './readableFile.js';
import { defaultInflateMode, inflateFile, type InflateMode } from './nifti/inflateFile.js';
import type { InflatedBytes } from './nifti/inflatedBytes.js';
import { formatBytes, ReadError } from './errors.js';

/** How the voxel bytes are stored in a header's data file(s). */
export type DataEncoding = 'raw' | 'gzip' | 'zlib';

/** One file holding (part of) the voxels, in the order the voxels run; several for a list of slice files. */
export interface DataPart {
  readonly path: string;
  /** Byte of the file where the data (raw) or its compressed stream starts. */
  readonly start: number;
  /** Bytes of the inflated data to pass over before the voxels (compressed data only). */
  readonly skipInflated: number;
  /** Voxel bytes this part holds. */
  readonly bytes: number;
}

export interface DataLayout {
  readonly encoding: DataEncoding;
  readonly parts: readonly DataPart[];
}

/** Reads the voxel bytes of a layout in order, across its parts, one plane after another. */
export interface PlaneReader {
  /** Fills `into` entirely, or throws a ReadError saying which file ends early or is corrupt. */
  read(into: Uint8Array): Promise<void>;
  /** After the last plane: check the end of the compressed data (its CRC) when the whole stream was needed. */
  finish(): Promise<void>;
  release(): Promise<void>;
}

/** Compressed bytes read per piece: in proportion to the data, 64 KiB to 1 MiB (as the NIfTI reader does). */
function readBytesFor(dataBytes: number): number {
  return Math.min(1024 * 1024, Math.max(64 * 1024, Math.ceil(dataBytes / 128)));
}
/** After the last plane, read at most this much more to reach the end of the compressed stream. */
const TRAILER_CHECK_BYTES = 1024 * 1024;

/**
 * `wholeStream`: the voxels read are all the last part holds, so its compressed stream is read to its end (CRC and
 * length checked); false for a 4-D file of which only the first volume is read.
 */
export function openPlaneReader(layout: DataLayout, wholeStream: boolean, inflate: InflateMode = defaultInflateMode()): PlaneReader {
  let index = 0;
  let current: PartReader | null = null;
  let released = false;
  const next = async (): Promise<PartReader> => {
    if (released) throw new ReadError('closed', 'the data was closed while slices were being read');
    if (current && current.remaining > 0) return current;
    if (current) await current.close();
    current = null;
    const part = layout.parts[index++];
    if (!part) throw new RangeError('read past the last data part');
    current = await PartReader.open(part, layout.encoding, inflate);
    return current;
  };
  return {
    async read(into) {
      let n = 0;
      while (n < into.length) {
        const part = await next();
        n += await part.read(into.subarray(n, n + Math.min(into.length - n, part.remaining)));
      }
    },
    async finish() {
      if (current && wholeStream && index === layout.parts.length) await current.checkEnd();
    },
    async release() {
      released = true;
      await current?.close();
      current = null;
    },
  };
}

class PartReader {
  private given = 0;

  private constructor(
    private readonly part: DataPart,
    private readonly encoding: DataEncoding,
    private readonly fh: ReadableFile,
    private readonly inflated: InflatedBytes | null,
  ) {}

  static async open(part: DataPart, encoding: DataEncoding, inflate: InflateMode): Promise<PartReader> {
    const fh = await openReadable(part.path);
    if (encoding === 'raw') return new PartReader(part, encoding, fh, null);
    const inflated = inflateFile(fh, readBytesFor(part.bytes), inflate, { start: part.start, container: encoding });
    const reader = new PartReader(part, encoding, fh, inflated);
    try {
      const skipped = await inflated.skip(part.skipInflated).catch((e: unknown) => reader.fail(e, 0));
      if (skipped < part.skipInflated) {
        throw new ReadError('truncated', `${part.path}: the ${encoding} data inflates to ${skipped} bytes, fewer than the ${part.skipInflated} bytes to skip before the voxels`);
      }
    } catch (e) {
      await reader.close();
      throw e;
    }
    return reader;
  }

  get remaining(): number {
    return this.part.bytes - this.given;
  }

  async read(into: Uint8Array): Promise<number> {
    const n = this.inflated ? await this.inflated.fill(into).catch((e: unknown) => this.fail(e, this.given)) : await this.readRaw(into);
    if (n < into.length) {
      const arrived = this.given + n;
      const what = this.encoding === 'raw' ? `the file ends after ${this.part.start + arrived} bytes` : `the ${this.encoding} data ends early`;
      throw new ReadError('truncated', `${this.part.path}: ${what}: ${arrived} of the ${this.part.bytes} voxel bytes declared (${formatBytes(arrived)} of ${formatBytes(this.part.bytes)}) arrived`);
    }
    this.given += n;
    return n;
  }

  /** Reads on past the voxels to the end of the compressed stream, so zlib checks its trailer. */
  async checkEnd(): Promise<void> {
    if (this.inflated) await this.inflated.skip(TRAILER_CHECK_BYTES).catch((e: unknown) => this.fail(e, this.given));
  }

  async close(): Promise<void> {
    this.inflated?.destroy();
    await this.fh.close().catch(() => undefined);
  }

  private async readRaw(into: Uint8Array): Promise<number> {
    let n = 0;
    while (n < into.length) {
      const { bytesRead } = await this.fh.read(into, n, into.length - n, this.part.start + this.given + n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return n;
  }

  /** zlib's error as the scan's: a stream that stops early is truncated, anything else corrupt. */
  private fail(err: unknown, arrived: number): never {
    if (err instanceof ReadError) throw err;
    const e = err as { code?: string; message?: string };
    const of = `after ${arrived} of the ${this.part.bytes} voxel bytes declared`;
    if (e.code === 'Z_BUF_ERROR') throw new ReadError('truncated', `${this.part.path}: the ${this.encoding} data ends early (the compressed file is cut short), ${of}`);
    throw new ReadError(this.encoding === 'gzip' ? 'corrupt-gzip' : 'corrupt-zlib', `${this.part.path}: the ${this.encoding} data is corrupt (${e.message ?? String(err)}) ${of}`);
  }
}
