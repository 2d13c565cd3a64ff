/** The parts of the codec packages lungflow uses (they ship no type declarations). */

interface EmscriptenOptions {
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{ J2KDecoder: new () => import('../readers/dicom/codecTypes.js').FrameDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{ JpegLSDecoder: new () => import('../readers/dicom/codecTypes.js').FrameDecoder }>;
  export default factory;
}

