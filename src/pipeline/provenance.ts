import { createHash, type Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { FileState } from './resume.js';

export async function fileState(path: string): Promise<FileState | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The state of a scan's files together: their total size and newest mtime; null when any is missing. */
export async function filesState(files: readonly string[]): Promise<FileState | null> {
  let size = 0, mtimeMs = -Infinity;
  for (const file of files) {
    const state = await fileState(file);
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

/** SHA-256 of the files' bytes one after another, in the order given (one file: that file's own SHA-256). */
export async function sha256Files(files: readonly string[], signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
  for (const file of files) await hashInto(hash, file, buffer, signal);
  return hash.digest('hex');
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
