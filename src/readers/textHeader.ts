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

/** What a file that should start with a text header starts with, for messages: its first line, or binary data. */
export function firstLineOf(line: string): string {
  const head = line.slice(0, 80);
  let binary = 0;
  for (let i = 0; i < head.length; i++) if (!/[\x20-\x7e\t]/.test(head[i])) binary++;
  return binary > head.length / 10 ? 'it starts with binary data' : `the first line is ${quoteLine(line)}`;
}

/** A header's line as the reader saw it, for messages: at most 80 characters. */
export function quoteLine(line: string): string {
  // Binary bytes read as text print as '?', so a message never carries control or stray Latin-1 characters.
  const printable = line.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 80 ? `${printable.slice(0, 77)}...` : printable);
}
