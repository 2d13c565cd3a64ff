import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Where a file is written before it is renamed into place, so a reader never sees half of it. */
export function temporaryPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * A NIfTI file written piece by piece (header first, then the voxel bytes in stored order) through gzip when the
 * path ends in .gz, into a temporary file renamed into place once complete and removed if abandoned. Memory holds
 * one piece at a time, not the file.
 */
export class NiftiFileWriter {
  private readonly tmp: string;
  /** Where pieces go: gzip (its write callback fires once zlib has consumed the piece) or the file itself. */
  private readonly input: Writable;
  private readonly written: Promise<void>;
  /** The file's own error (ENOSPC, EIO): later writes fail with it, not with "write after destroyed". */
  private fileError: Error | null = null;

  constructor(
    private readonly path: string,
    header: Uint8Array,
  ) {
    this.tmp = temporaryPathFor(path);
    const file = createWriteStream(this.tmp);
    file.on('error', (error) => (this.fileError ??= error));
    if (path.endsWith('.gz')) {
      const gzip = createGzip();
      this.input = gzip;
      this.written = pipeline(gzip, file);
    } else {
      this.input = file;
      this.written = finished(file);
    }
    this.written.catch(() => undefined); // reported by write() or close()
    this.input.write(header);
  }

  /** Resolves once the writer no longer needs `bytes` (the buffer may be refilled); waits while the file lags. */
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.fileError) return reject(this.fileError);
      this.input.write(bytes, (error) => (error ? reject(this.fileError ?? error) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.input.end();
    try {
      await this.written;
      await rename(this.tmp, this.path);
    } catch (error) {
      await unlink(this.tmp).catch(() => undefined);
      throw this.fileError ?? error;
    }
  }

  async abort(): Promise<void> {
    this.input.destroy();
    await this.written.catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
  }
}
