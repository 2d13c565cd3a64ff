import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

/** What the readers use of an open file: fs.promises' FileHandle has it, and so does a small file read synchronously. */
export interface ReadableFile {
  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/**
 * Files up to this size are opened and read synchronously. Every asynchronous open, stat, read and close is a round
 * trip through libuv's thread pool, a hand-off and a wake-up each: a single-slice scan took about a dozen of them
 * in its worker, more time than reading the file. A page-cached read of a few MiB blocks the thread for well under a
 * millisecond; larger files keep the asynchronous reads, which overlap a cold disk's latency with inflating.
 */
export const SYNC_READ_MAX_BYTES = 4 * 1024 * 1024;

/** Opens `path` for reading; errors are Node's own (ENOENT, EACCES, …), as fs.promises.open gives them. */
export async function openReadable(path: string): Promise<ReadableFile> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return open(path, 'r');
  }
  if (size > SYNC_READ_MAX_BYTES) return open(path, 'r');
  return new SyncFile(openSync(path, 'r'));
}

/** A whole file's bytes: synchronously when it is small (a DICOM slice file), as openReadable decides. */
export async function readWholeFile(path: string): Promise<Buffer> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return readFile(path);
  }
  return size > SYNC_READ_MAX_BYTES ? readFile(path) : readFileSync(path);
}

class SyncFile implements ReadableFile {
  private fd: number | null;

  constructor(fd: number) {
    this.fd = fd;
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }> {
    try {
      return Promise.resolve({ bytesRead: readSync(this.openFd(), buffer, offset, length, position) });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  stat(): Promise<{ size: number }> {
    try {
      return Promise.resolve({ size: fstatSync(this.openFd()).size });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  close(): Promise<void> {
    if (this.fd !== null) {
      const fd = this.fd;
      this.fd = null;
      try {
        closeSync(fd);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return Promise.resolve();
  }

  private openFd(): number {
    if (this.fd === null) throw Object.assign(new Error('EBADF: file closed'), { code: 'EBADF' });
    return this.fd;
  }
}
