/**
 * The floor no pipeline can beat: inflating the same files, one after another, on one core, with Node's zlib,
 * output discarded. Measured with a few chunk sizes of the zlib stream (its per-chunk overhead is large at small
 * chunks) and with zlib's binding inflating into one reused buffer, as lungflow's reader does; the floor is the
 * fastest of them, so the ratio to it is the honest one.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { defaultInflateMode, inflateFile } from '../src/readers/nifti/inflateFile.js';

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

/** Inflated into one reused 4 MiB buffer by the reader lungflow uses (src/readers/nifti/gunzipInto.ts). */
async function gunzipDirect(path: string, out: Uint8Array): Promise<number> {
  const fh = await open(path, 'r');
  const bytes = inflateFile(fh, 1024 * 1024, 'direct');
  try {
    let n = 0;
    for (;;) {
      const got = await bytes.fill(out);
      n += got;
      if (got < out.length) return n;
    }
  } finally {
    bytes.destroy();
    await fh.close();
  }
}

/** One serial pass over `files` per chunk size, and one through the binding when this Node has it. */
export async function measureGunzipFloor(files: readonly string[], chunkSizes: readonly number[] = FLOOR_CHUNK_SIZES): Promise<GunzipFloor> {
  const passes: GunzipPass[] = [];
  for (const chunkSize of chunkSizes) {
    const t0 = performance.now();
    let inflatedBytes = 0;
    for (const f of files) inflatedBytes += await gunzipOne(f, chunkSize);
    passes.push({ method: `createGunzip chunk ${chunkSize / 1024} KiB`, ms: performance.now() - t0, inflatedBytes });
  }
  if (defaultInflateMode() === 'direct') {
    const out = new Uint8Array(4 * 1024 * 1024);
    const t0 = performance.now();
    let inflatedBytes = 0;
    for (const f of files) inflatedBytes += await gunzipDirect(f, out);
    passes.push({ method: 'zlib binding, one reused buffer', ms: performance.now() - t0, inflatedBytes });
  }
  const floor = passes.reduce((best, p) => (p.ms < best.ms ? p : best));
  return { passes, floor };
}
