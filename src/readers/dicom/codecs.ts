import { ReadError } from '../errors.js';
import { decodeRle } from './rle.js';
import type { FrameDecoder } from './codecTypes.js';
import type { PixelEncoding } from './transferSyntax.js';

type CompressedEncoding = Extract<PixelEncoding, 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'rle'>;

/** What a frame must decode to: its size and sample layout, checked against what the codec reports. */
export interface FrameShape {
  readonly rows: number;
  readonly columns: number;
  readonly bytesPerPixel: number;
  readonly bitsStored: number;
  readonly signed: boolean;
}

/** The WASM codecs, instantiated once per thread on first use. Their [INFO] chatter is silenced. */
let openJpeg: Promise<{ J2KDecoder: new () => FrameDecoder }> | null = null;
let charls: Promise<{ JpegLSDecoder: new () => FrameDecoder }> | null = null;
const quiet = { print: () => {}, printErr: () => {} };

/** Decodes one compressed frame to little-endian stored bytes (rows x columns x bytesPerPixel). */
export async function decodeFrame(encoding: CompressedEncoding, frame: Uint8Array, shape: FrameShape, path: string): Promise<Uint8Array> {
  const pixels = shape.rows * shape.columns;
  try {
    switch (encoding) {
      case 'rle': return decodeRle(frame, pixels, shape.bytesPerPixel, path);
      case 'jpeg-lossless': return checked(await jpegLossless(frame, shape), shape, path, 'JPEG lossless');
      case 'jpeg2000': {
        openJpeg ??= import('@cornerstonejs/codec-openjpeg/decodewasmjs').then((m) => m.default(quiet));
        return checked(wasmDecode(new (await openJpeg).J2KDecoder(), frame, shape, path, 'JPEG 2000'), shape, path, 'JPEG 2000');
      }
      case 'jpeg-ls': {
        charls ??= import('@cornerstonejs/codec-charls/decodewasmjs').then((m) => m.default(quiet));
        return checked(wasmDecode(new (await charls).JpegLSDecoder(), frame, shape, path, 'JPEG-LS'), shape, path, 'JPEG-LS');
      }
    }
  } catch (err) {
    if (err instanceof ReadError) throw err;
    throw new ReadError('dicom-decode-failed', `${path}: the ${encoding} frame could not be decoded (${err instanceof Error ? err.message : String(err)})`);
  }
}

let dcmtk: Promise<typeof import('dcmjs-codecs')> | null = null;

/**
 * JPEG lossless (process 14) with DCMTK's IJG codec compiled to WASM (dcmjs-codecs). jpeg-lossless-decoder-js
 * 2.1.2 was tried first: it decoded the first pixel of some signed frames wrong (-1024 read as 0).
 */
async function jpegLossless(frame: Uint8Array, shape: FrameShape): Promise<Uint8Array> {
  dcmtk ??= import('dcmjs-codecs').then(async (m) => {
    const lib = (m as unknown as { default: typeof import('dcmjs-codecs') }).default ?? m;
    if (!lib.NativeCodecs.isInitialized()) await lib.NativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false });
    return lib;
  });
  const { Context, NativeCodecs } = await dcmtk;
  const context = new Context({
    width: shape.columns, height: shape.rows, bitsAllocated: shape.bytesPerPixel * 8, bitsStored: shape.bitsStored,
    samplesPerPixel: 1, pixelRepresentation: shape.signed ? 1 : 0, photometricInterpretation: 'MONOCHROME2', encodedBuffer: frame,
  });
  const decoded = NativeCodecs.decodeJpeg(context).getDecodedBuffer();
  if (!decoded) throw new Error('the codec returned no pixels');
  return decoded;
}

function wasmDecode(decoder: FrameDecoder, frame: Uint8Array, shape: FrameShape, path: string, name: string): Uint8Array {
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== shape.columns || info.height !== shape.rows || info.componentCount !== 1) {
      throw new ReadError('dicom-decode-failed', `${path}: the ${name} frame is ${info.width}x${info.height} with ${info.componentCount} components, the header says ${shape.columns}x${shape.rows} grey-scale`);
    }
    // The decoded buffer is a view into the codec's memory: copy it out before the decoder is freed.
    return new Uint8Array(decoder.getDecodedBuffer());
  } finally {
    decoder.delete();
  }
}

function checked(bytes: Uint8Array, shape: FrameShape, path: string, name: string): Uint8Array {
  const need = shape.rows * shape.columns * shape.bytesPerPixel;
  if (bytes.length < need) {
    throw new ReadError('dicom-pixel-data-short', `${path}: the ${name} frame decodes to ${bytes.length} bytes, ${shape.columns}x${shape.rows} pixels of ${shape.bytesPerPixel} bytes need ${need}`);
  }
  return bytes;
}
