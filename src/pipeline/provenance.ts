import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { SYNC_READ_MAX_BYTES } from '../readers/readableFile.js';
import type { FileState } from './resume.js';

/**
 * A stat is a few microseconds: done synchronously, it spares the main thread a round trip through libuv's
 * thread pool per file (and its wake-ups), which a cohort of many small scans paid on every scan.
 */
export function fileState(path: string): FileState | null {
  try {
    const info = statSync(path);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The state of a scan's files together: their total size and newest mtime; null when any is missing. */
export function filesState(files: readonly string[]): FileState | null {
  let size = 0, mtimeMs = -Infinity;
  for (const file of files) {
    const state = fileState(file);
    if (!state) return null;
    size += state.size;
    mtimeMs = Math.max(mtimeMs, state.mtimeMs);
  }
  return files.length > 0 ? { size, mtimeMs } : null;
}

const HASH_READ_BYTES = 1 << 20;

/**
 * SHA-256 of the file's bytes as stored (compressed or not), read in 1 MiB pieces into one buffer reused for the
 * whole file (a read stream would allocate a fresh buffer per piece: external memory the GC has to chase).
 */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  return sha256Files([path], signal);
}

/**
 * SHA-256 of the files' bytes one after another, in the order given (one file: that file's own SHA-256).
 * `totalBytes` (their size, when known) picks the synchronous path for scans as small as the readers read
 * synchronously: under ~2 ms of the main thread, against a dozen round trips through libuv's pool.
 */
export async function sha256Files(files: readonly string[], signal?: AbortSignal, totalBytes?: number): Promise<string> {
  const hash = createHash('sha256');
  if (totalBytes !== undefined && totalBytes <= SYNC_READ_MAX_BYTES) {
    for (const file of files) hashIntoSync(hash, file, syncBuffer, signal);
  } else {
    const buffer = spareAsyncBuffers.pop() ?? Buffer.allocUnsafe(HASH_READ_BYTES);
    try {
      for (const file of files) await hashInto(hash, file, buffer, signal);
    } finally {
      if (spareAsyncBuffers.length < MAX_SPARE_ASYNC_BUFFERS) spareAsyncBuffers.push(buffer);
    }
  }
  return hash.digest('hex');
}

/**
 * The asynchronous path's buffers, handed back after each use. The runner hashes a dozen scans ahead of the
 * workers, and a fresh MiB per scan was external memory no collection came for in time: the main thread held
 * 10-15 MB of dead hash buffers in a cohort of 6 MB files, the whole of what a 20-scan run peaked above a 2-scan one.
 */
const spareAsyncBuffers: Buffer[] = [];
const MAX_SPARE_ASYNC_BUFFERS = 4;

/**
 * The synchronous path's buffer, one per thread: nothing else runs while it is in use. A fresh MiB per scan was
 * fresh pages to fault in per scan, about as costly as the hashing itself.
 */
const syncBuffer = Buffer.allocUnsafe(HASH_READ_BYTES);

function hashIntoSync(hash: Hash, path: string, buffer: Buffer, signal?: AbortSignal): void {
  signal?.throwIfAborted();
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
}

async function hashInto(hash: Hash, path: string, buffer: Buffer, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
      signal?.throwIfAborted();
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
}

/** A stable id per input path, so reruns replace the same rows. */
export function scanIdFor(absolutePath: string): string {
  return createHash('sha256').update(absolutePath).digest('hex').slice(0, 16);
}
