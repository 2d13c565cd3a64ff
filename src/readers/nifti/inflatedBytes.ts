import type { ReadableFile } from '../readableFile.js';
import { directGunzipAvailable, GunzipInto } from './gunzipInto.js';
import { gunzipStream } from './gunzipStream.js';

/** The inflated bytes of a gzip file, pulled in exact counts. */
export interface InflatedBytes {
  /** Fills `into`; returns how many bytes were written (fewer than its length only at the end of the data). */
  fill(into: Uint8Array): Promise<number>;
  /** Discards `count` bytes; returns how many were there. */
  skip(count: number): Promise<number>;
  /** Bytes handed out or skipped so far. */
  readonly consumed: number;
  /** Stops inflating and reading; the file handle stays the caller's. */
  destroy(): void;
}

/**
 * How gzip data is inflated: 'direct' into the caller's buffers on the calling thread (gunzipInto.ts), or through
 * a zlib stream on libuv's pool ('stream', the fallback where Node's zlib binding differs).
 */
export type InflateMode = 'direct' | 'stream';

let directAvailable: boolean | null = null;

export function defaultInflateMode(): InflateMode {
  directAvailable ??= directGunzipAvailable();
  return directAvailable ? 'direct' : 'stream';
}

/**
 * Where the compressed data is: from byte `start` of the file (default 0), as 'gzip' (default) or 'zlib' (a zlib
 * or gzip stream, told apart by its header, as MetaIO's CompressedData is read).
 */
export interface CompressedRange {
  readonly start?: number;
  readonly container?: 'gzip' | 'zlib';
}

/** `readBytes`: compressed bytes read per piece (two pieces are in play: one inflating, the next being read). */
export function inflateFile(fh: ReadableFile, readBytes: number, mode: InflateMode, range: CompressedRange = {}): InflatedBytes {
  return mode === 'direct' ? new GunzipInto(fh, readBytes, range) : gunzipStream(fh, readBytes, range);
}
