import { openReadable } from './readableFile.js';

/** Text headers (NRRD, MetaImage) are a few hundred bytes; a list of slice files a few tens of KiB. */
export const TEXT_HEADER_MAX_BYTES = 1024 * 1024;

/** The first bytes of a file (at most TEXT_HEADER_MAX_BYTES), as Latin-1 text and bytes, with the file's size. */
export async function readTextHead(path: string): Promise<{ text: string; fileBytes: number }> {
  const fh = await openReadable(path);
  try {
    const fileBytes = (await fh.stat()).size;
    const bytes = new Uint8Array(Math.min(fileBytes, TEXT_HEADER_MAX_BYTES));
    let n = 0;
    while (n < bytes.length) {
      const { bytesRead } = await fh.read(bytes, n, bytes.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return { text: latin1(bytes.subarray(0, n)), fileBytes };
  } finally {
    await fh.close();
  }
}

/** One character per byte, so string offsets are byte offsets. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A header's line as the reader saw it, for messages: at most 80 characters. */
export function quoteLine(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
}
