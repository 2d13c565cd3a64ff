import type { ReadableFile } from '../readableFile.js';
import type { Readable } from 'node:stream';
import { createGunzip, createUnzip, type ZlibOptions } from 'node:zlib';
import type { CompressedRange, InflatedBytes } from './inflatedBytes.js';

/**
 * The fallback inflater: a zlib stream inflating on libuv's pool, fed from two reused buffers rather than a read
 * stream (which allocates a fresh buffer per piece). Its output arrives in chunks of its own, copied out.
 */
export function gunzipStream(fh: ReadableFile, readBytes: number, range: CompressedRange = {}): InflatedBytes {
  const chunkBytes = Math.min(4 * 1024 * 1024, Math.max(64 * 1024, 4 * readBytes));
  const stream = inflateFrom(fh, readBytes, chunkBytes, range);
  const bytes = new StreamBytes(stream);
  return {
    fill: (into) => bytes.fill(into),
    skip: (count) => bytes.skip(count),
    get consumed() { return bytes.consumed; },
    destroy: () => stream.destroy(),
  };
}

/**
 * Reading stops when the returned stream is destroyed; a read error destroys it with that error; the end of the
 * file ends zlib's input, so a truncated file fails there.
 */
function inflateFrom(fh: ReadableFile, readBytes: number, chunkBytes: number, range: CompressedRange): Readable {
  // The readable side buffers two chunks, so zlib keeps inflating the next slices while this thread decodes and
  // analyses the current one. (zlib passes stream options on to its Transform; @types/node does not list them.)
  const options = { chunkSize: chunkBytes, readableHighWaterMark: 2 * chunkBytes } as ZlibOptions;
  const gunzip = range.container === 'zlib' ? createUnzip(options) : createGunzip(options);
  const buffers = [Buffer.allocUnsafeSlow(readBytes), Buffer.allocUnsafeSlow(readBytes)];
  // Resolves once zlib has taken all of a piece in (its write callback), so that piece's buffer can be refilled.
  const write = (piece: Buffer): Promise<void> =>
    new Promise((resolve, reject) => gunzip.write(piece, (error) => (error ? reject(error) : resolve())));
  const pump = async (): Promise<void> => {
    let position = range.start ?? 0;
    let inZlib: Promise<void> | null = null;
    for (let k = 0; ; k ^= 1) {
      const buffer = buffers[k];
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, position);
      if (inZlib) await inZlib; // the other buffer is free again
      if (gunzip.destroyed) return;
      if (bytesRead === 0) {
        gunzip.end();
        return;
      }
      position += bytesRead;
      inZlib = write(buffer.subarray(0, bytesRead));
      inZlib.catch(() => undefined); // a write error also reaches the stream's 'error'; awaited next round
    }
  };
  pump().catch((error: unknown) => {
    if (!gunzip.destroyed) gunzip.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return gunzip;
}

/** Pulls exact byte counts out of a readable stream's chunks, one buffer at a time, without growing memory. */
class StreamBytes {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array | null = null;
  private pos = 0;
  private ended = false;
  consumed = 0;

  constructor(readable: Readable) {
    this.iterator = readable[Symbol.asyncIterator]();
  }

  fill(into: Uint8Array): Promise<number> {
    return this.take(into.length, into);
  }

  skip(count: number): Promise<number> {
    return this.take(count, null);
  }

  private async take(count: number, into: Uint8Array | null): Promise<number> {
    let n = 0;
    while (n < count) {
      if (!this.chunk || this.pos >= this.chunk.length) {
        if (this.ended) break;
        const next = await this.iterator.next();
        if (next.done) {
          this.ended = true;
          break;
        }
        this.chunk = next.value;
        this.pos = 0;
        continue;
      }
      const k = Math.min(count - n, this.chunk.length - this.pos);
      if (into) into.set(this.chunk.subarray(this.pos, this.pos + k), n);
      n += k;
      this.pos += k;
    }
    this.consumed += n;
    return n;
  }
}
