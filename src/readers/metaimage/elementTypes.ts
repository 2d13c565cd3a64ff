import type { NiftiDatatype } from '../nifti/datatypes.js';
import { ReadError } from '../errors.js';

/** MetaIO's element types (metaTypes.h) that lungflow decodes; MET_LONG is 4 bytes in MetaIO's table. */
const TYPES: Readonly<Record<string, NiftiDatatype>> = {
  MET_CHAR: 'int8', MET_UCHAR: 'uint8', MET_SHORT: 'int16', MET_USHORT: 'uint16', MET_INT: 'int32', MET_UINT: 'uint32',
  MET_LONG: 'int32', MET_ULONG: 'uint32', MET_FLOAT: 'float32', MET_DOUBLE: 'float64',
};

export const METAIMAGE_TYPES: readonly string[] = Object.keys(TYPES);

export function metaImageDatatype(text: string): NiftiDatatype {
  const type = TYPES[text.trim().toUpperCase()];
  if (type) return type;
  const supported = `supported: ${METAIMAGE_TYPES.join(', ')}`;
  if (/^MET_/i.test(text.trim())) throw new ReadError('unsupported-datatype', `"ElementType = ${text}" is not supported; ${supported}`);
  throw new ReadError('bad-metaimage-header', `"ElementType = ${text}" is not a MetaImage element type; ${supported}`);
}

/** The MetaIO name of a datatype (for writing). */
export function metaImageTypeName(datatype: NiftiDatatype): string {
  return Object.entries(TYPES).find(([name, t]) => t === datatype && name !== 'MET_LONG' && name !== 'MET_ULONG')![0];
}
