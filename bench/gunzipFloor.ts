/**
 * The floor no pipeline can beat: inflating the same files, one after another, on one core, with Node's zlib,
 * output discarded. Measured with a few chunk sizes (zlib's per-chunk overhead is large at small chunks); the
 * floor is the fastest of them, so the ratio to it is the honest one.
 */
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export interface GunzipPass {
  readonly method: string;
  readonly ms: number;
  readonly inflatedBytes: number;
}

export interface GunzipFloor {
  readonly passes: readonly GunzipPass[];
  /** The fastest pass. */
  readonly floor: GunzipPass;
}

export const FLOOR_CHUNK_SIZES = [64 * 1024, 256 * 1024, 1024 * 1024] as const;

async function gunzipOne(path: string, chunkSize: number): Promise<number> {
  let n = 0;
  await pipeline(
    createReadStream(path, { highWaterMark: 1024 * 1024 }),
    createGunzip({ chunkSize }),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        n += chunk.length;
        callback();
      },
    }),
  );
  return n;
}

/** One serial pass over `files` per chunk size. */
export async function measureGunzipFloor(files: readonly string[], chunkSizes: readonly number[] = FLOOR_CHUNK_SIZES): Promise<GunzipFloor> {
  const passes: GunzipPass[] = [];
  for (const chunkSize of chunkSizes) {
    const t0 = performance.now();
    let inflatedBytes = 0;
    for (const f of files) inflatedBytes += await gunzipOne(f, chunkSize);
    passes.push({ method: `createGunzip chunk ${chunkSize / 1024} KiB`, ms: performance.now() - t0, inflatedBytes });
  }
  const floor = passes.reduce((best, p) => (p.ms < best.ms ? p : best));
  return { passes, floor };
}
