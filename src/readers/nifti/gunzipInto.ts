import type { ReadableFile } from '../readableFile.js';
import { constants, createGunzip, createUnzip, type Gunzip, type Unzip } from 'node:zlib';
import type { CompressedRange, InflatedBytes } from './inflatedBytes.js';

/**
 * The binding under a Node zlib stream, as zlib.js itself drives it for gunzipSync (processChunkSync):
 * `writeSync(flush, in, inOff, inLen, out, outOff, outLen)` inflates into `out`, then `_writeState` holds
 * [availOutAfter, availInAfter]. Not a documented API, so its presence is checked (directGunzipAvailable).
 */
interface ZlibBinding {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}
interface GunzipInternals {
  readonly _handle: ZlibBinding | null;
  readonly _writeState: Uint32Array;
}

export function directGunzipAvailable(): boolean {
  const probe = createGunzip() as unknown as Partial<GunzipInternals> & Gunzip;
  const ok = typeof probe._handle?.writeSync === 'function' && probe._writeState instanceof Uint32Array && probe._writeState.length === 2;
  probe.close();
  return ok;
}

const EMPTY = new Uint8Array(0);

/**
 * A gzip file inflated straight into the caller's buffers, synchronously, on the calling thread: no chunk Buffer
 * per piece of output (the stream allocates a fresh one per chunk, ~160 MB per 512x512x300 scan for the GC to
 * free), no copy from chunk to plane, no event-loop turn per chunk. The file is read in pieces into two reused
 * buffers, the next piece read while this one inflates. Each worker runs one scan at a time, so inflating on its
 * own thread costs no parallelism when there are as many workers as cores.
 *
 * Same zlib code as the stream, so the same checks: multi-member files, trailing zeros, CRC and length at the end,
 * "unexpected end of file" when the compressed data stops early.
 */
export class GunzipInto implements InflatedBytes {
  private readonly gunzip: Gunzip | Unzip;
  private readonly binding: ZlibBinding;
  private readonly state: Uint32Array;
  private readonly pieces: [Buffer, Buffer];
  private piece: Uint8Array = EMPTY;
  private inOff = 0;
  private inLen = 0;
  private position = 0;
  private nextRead: Promise<number> | null = null;
  private nextIndex = 0;
  /** No more compressed input: zlib is asked to finish (Z_FINISH), which fails if the stream is incomplete. */
  private inputDone = false;
  /** zlib has produced all it will. */
  private ended = false;
  private scratch: Uint8Array | null = null;
  consumed = 0;

  constructor(
    private readonly fh: ReadableFile,
    readBytes: number,
    range: CompressedRange = {},
  ) {
    this.gunzip = range.container === 'zlib' ? createUnzip() : createGunzip();
    this.position = range.start ?? 0;
    // zlib reports errors through the stream's destroy(); they are read back synchronously from `errored`.
    this.gunzip.on('error', () => undefined);
    const internals = this.gunzip as unknown as GunzipInternals;
    if (!internals._handle) throw new Error('zlib binding unavailable');
    this.binding = internals._handle;
    this.state = internals._writeState;
    this.pieces = [Buffer.allocUnsafeSlow(readBytes), Buffer.allocUnsafeSlow(readBytes)];
    this.startRead();
  }

  async fill(into: Uint8Array): Promise<number> {
    let n = 0;
    while (n < into.length && !this.ended) {
      if (this.inLen === 0 && !this.inputDone) {
        await this.nextPiece();
        continue;
      }
      const room = into.length - n;
      // The binding aborts the process on a write after close; a destroyed stream must end here instead.
      if (this.gunzip.destroyed) throw this.gunzip.errored ?? new Error('the gzip reader was closed');
      this.binding.writeSync(this.inputDone ? constants.Z_FINISH : constants.Z_NO_FLUSH, this.piece, this.inOff, this.inLen, into, n, room);
      const failed = this.gunzip.errored;
      if (failed) throw failed;
      const [availOut, availIn] = this.state;
      const produced = room - availOut;
      n += produced;
      // Counted as it arrives, so an error further on reports how much did (gzipFailure's "N of M bytes arrived").
      this.consumed += produced;
      this.inOff += this.inLen - availIn;
      this.inLen = availIn;
      // Room left over means zlib wanted no more: the stream ended (input left over is trailing padding), or,
      // finishing, everything is out.
      if (availOut > 0 && (availIn > 0 || this.inputDone)) this.ended = true;
    }
    return n;
  }

  async skip(count: number): Promise<number> {
    this.scratch ??= new Uint8Array(64 * 1024);
    let n = 0;
    while (n < count) {
      const want = Math.min(count - n, this.scratch.length);
      const got = await this.fill(this.scratch.subarray(0, want));
      n += got;
      if (got < want) break;
    }
    return n;
  }

  destroy(): void {
    this.ended = true;
    this.nextRead?.catch(() => undefined);
    this.gunzip.destroy();
  }

  private startRead(): void {
    const buffer = this.pieces[this.nextIndex];
    this.nextRead = this.fh.read(buffer, 0, buffer.length, this.position).then((r) => r.bytesRead);
  }

  private async nextPiece(): Promise<void> {
    const bytesRead = await this.nextRead!;
    const buffer = this.pieces[this.nextIndex];
    if (bytesRead === 0) {
      this.inputDone = true;
      this.piece = EMPTY;
      this.inOff = 0;
      this.nextRead = null;
      return;
    }
    this.position += bytesRead;
    this.piece = buffer;
    this.inOff = 0;
    this.inLen = bytesRead;
    // The other buffer is free: zlib has taken all of the piece before it.
    this.nextIndex ^= 1;
    this.startRead();
  }
}
