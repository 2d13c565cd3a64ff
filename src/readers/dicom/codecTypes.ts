/** The calls lungflow makes on an Emscripten frame decoder (OpenJPEG's J2KDecoder, CharLS's JpegLSDecoder). */
export interface FrameDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}
