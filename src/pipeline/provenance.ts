import { createHash } from 'node:crypto';
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

const HASH_READ_BYTES = 1 << 20;

/**
 * SHA-256 of the file's bytes as stored (compressed or not), read in 1 MiB pieces into one buffer reused for the
 * whole file (a read stream would allocate a fresh buffer per piece: external memory the GC has to chase).
 */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const hash = createHash('sha256');
  const fh = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
    for (;;) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
      signal?.throwIfAborted();
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** A stable id per input path, so reruns replace the same rows. */
export function scanIdFor(absolutePath: string): string {
  return createHash('sha256').update(absolutePath).digest('hex').slice(0, 16);
}
