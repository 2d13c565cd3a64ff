import type { ReadableFile } from '../readableFile.js';
import { directGunzipAvailable, GunzipInto } from './gunzipInto.js';
import { gunzipStream } from './gunzipStream.js';
import type { CompressedRange, InflatedBytes } from './inflatedBytes.js';

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

/** `readBytes`: compressed bytes read per piece (two pieces are in play: one inflating, the next being read). */
export function inflateFile(fh: ReadableFile, readBytes: number, mode: InflateMode, range: CompressedRange = {}): InflatedBytes {
  return mode === 'direct' ? new GunzipInto(fh, readBytes, range) : gunzipStream(fh, readBytes, range);
}
