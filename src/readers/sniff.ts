import { openReadable } from './readableFile.js';
import { constants, gunzipSync } from 'node:zlib';
import type { ScanFormat } from './volumeSource.js';
import { dicomLayout } from './dicom/signature.js';

/** Bytes from the start of a file that are enough to tell every format apart (DICOM's preamble is 132). */
export const SNIFF_BYTES = 1024;
/** Compressed bytes read to inflate the first SNIFF_BYTES of a gzip file (headers compress well; a few KiB suffice). */
const GZIP_PROBE_BYTES = 16 * 1024;

/** The first bytes of a file, inflated when it is gzip (a .nii.gz, a detached .raw.gz), and whether it was. */
export interface FileHead {
  readonly bytes: Uint8Array;
  readonly gzip: boolean;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads the head of a file for sniffing; a damaged gzip stream gives the bytes it could inflate (maybe none). */
export async function readFileHead(path: string): Promise<FileHead> {
  const fh = await openReadable(path);
  try {
    const raw = new Uint8Array(GZIP_PROBE_BYTES);
    const { bytesRead } = await fh.read(raw, 0, raw.length, 0);
    const first = raw.subarray(0, bytesRead);
    if (!isGzip(first)) return { bytes: first.subarray(0, SNIFF_BYTES), gzip: false };
    return { bytes: inflateHead(first), gzip: true };
  } finally {
    await fh.close();
  }
}

function inflateHead(compressed: Uint8Array): Uint8Array {
  try {
    // Z_SYNC_FLUSH: hand back what the partial stream inflates to instead of failing on its missing end.
    const out = gunzipSync(compressed, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 });
    return new Uint8Array(out.buffer, out.byteOffset, Math.min(out.length, SNIFF_BYTES));
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * The format the content says, never the name: NIfTI by its header size and magic (either byte order),
 * DICOM by 'DICM' at byte 128 or a preamble-less group 0002/0008 start. Null when
 * no reader recognises it. Each reader's signature is one predicate here.
 */
export function sniffFormat(head: Uint8Array): ScanFormat | null {
  if (looksLikeNifti(head)) return 'nifti';
  if (dicomLayout(head) !== null) return 'dicom';
  if (looksLikeNrrd(head)) return 'nrrd';
  if (looksLikeMetaImage(head)) return 'metaimage';
  return null;
}

/** NRRD's magic line: "NRRD0001" to "NRRD0005" (teem writes 0004 or 0005). */
function looksLikeNrrd(b: Uint8Array): boolean {
  return b.length >= 9 && /^NRRD000[1-9]\r?\n/.test(String.fromCharCode(...b.subarray(0, 10)));
}

/**
 * MetaImage (.mhd, .mha): text lines "Key = Value" from the first byte, among the first of them one of the keys
 * every image header has (ObjectType, NDims, DimSize). A detached .raw or .zraw has no such lines.
 */
function looksLikeMetaImage(b: Uint8Array): boolean {
  const text = String.fromCharCode(...b.subarray(0, Math.min(b.length, 512)));
  const lines = text.split(/\r?\n/).slice(0, 6);
  if (!/^\s*[A-Za-z][A-Za-z0-9_]*\s*=/.test(lines[0] ?? '')) return false;
  return lines.some((l) => /^\s*(ObjectType|NDims|DimSize)\s*=/i.test(l));
}

function looksLikeNifti(b: Uint8Array): boolean {
  if (b.length < 8) return false;
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const size = (le: boolean) => view.getInt32(0, le);
  const text = (at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2]);
  if ((size(true) === 348 || size(false) === 348) && b.length >= 348) return /^n[+i]1$/.test(text(344));
  if (size(true) === 540 || size(false) === 540) return /^n[+i]2$/.test(text(4));
  return false;
}

/** The format of the file at `path`, from its content; null when none is recognised. */
export async function sniffFile(path: string): Promise<ScanFormat | null> {
  return sniffFormat((await readFileHead(path)).bytes);
}
