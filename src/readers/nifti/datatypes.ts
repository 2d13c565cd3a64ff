/** The NIfTI datatypes this reader and writer handle (scalar types only; no complex, RGB or 64-bit integers). */
export type NiftiDatatype = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

interface DatatypeInfo {
  readonly name: NiftiDatatype;
  readonly code: number;
  readonly bytes: number;
  /** Inclusive range of an integer type; null for floats. */
  readonly range: readonly [number, number] | null;
}

const TABLE: readonly DatatypeInfo[] = [
  { name: 'uint8', code: 2, bytes: 1, range: [0, 255] },
  { name: 'int16', code: 4, bytes: 2, range: [-32768, 32767] },
  { name: 'int32', code: 8, bytes: 4, range: [-2147483648, 2147483647] },
  { name: 'float32', code: 16, bytes: 4, range: null },
  { name: 'float64', code: 64, bytes: 8, range: null },
  { name: 'int8', code: 256, bytes: 1, range: [-128, 127] },
  { name: 'uint16', code: 512, bytes: 2, range: [0, 65535] },
  { name: 'uint32', code: 768, bytes: 4, range: [0, 4294967295] },
];

/** Names of the datatype codes defined by NIfTI that this code does not decode (for error messages). */
const KNOWN_UNSUPPORTED: ReadonlyMap<number, string> = new Map([
  [1, 'binary'], [32, 'complex64'], [128, 'rgb24'], [1024, 'int64'], [1280, 'uint64'],
  [1536, 'float128'], [1792, 'complex128'], [2048, 'complex256'], [2304, 'rgba32'],
]);

export const ALL_DATATYPES: readonly NiftiDatatype[] = TABLE.map((t) => t.name);

export function datatypeInfo(name: NiftiDatatype): DatatypeInfo {
  const info = TABLE.find((t) => t.name === name);
  if (!info) throw new RangeError(`unknown datatype name ${String(name)}`);
  return info;
}

export function datatypeFromCode(code: number): DatatypeInfo | undefined {
  return TABLE.find((t) => t.code === code);
}

/** A human-readable name for a datatype code that is defined by NIfTI but not handled here, or undefined. */
export function unsupportedDatatypeName(code: number): string | undefined {
  return KNOWN_UNSUPPORTED.get(code);
}

export type NumericArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * The voxel bytes as a typed array of their own datatype, without copying: only for host byte order and a
 * byteOffset aligned to the voxel size (callers check both).
 */
export function nativeView(header: { readonly datatype: NiftiDatatype }, bytes: Uint8Array, n: number): NumericArray {
  const { buffer, byteOffset } = bytes;
  switch (header.datatype) {
    case 'uint8': return new Uint8Array(buffer, byteOffset, n);
    case 'int8': return new Int8Array(buffer, byteOffset, n);
    case 'int16': return new Int16Array(buffer, byteOffset, n);
    case 'uint16': return new Uint16Array(buffer, byteOffset, n);
    case 'int32': return new Int32Array(buffer, byteOffset, n);
    case 'uint32': return new Uint32Array(buffer, byteOffset, n);
    case 'float32': return new Float32Array(buffer, byteOffset, n);
    case 'float64': return new Float64Array(buffer, byteOffset, n);
  }
}
