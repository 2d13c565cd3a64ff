import type { NiftiDatatype } from '../nifti/datatypes.js';
import { ReadError } from '../errors.js';

/** NRRD's type names (teem's nrrdTypeNames and their synonyms) for the element types lungflow decodes. */
const TYPES: ReadonlyMap<string, NiftiDatatype> = new Map([
  ...names('int8', ['signed char', 'int8', 'int8_t']),
  ...names('uint8', ['uchar', 'unsigned char', 'uint8', 'uint8_t']),
  ...names('int16', ['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t']),
  ...names('uint16', ['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t']),
  ...names('int32', ['int', 'signed int', 'int32', 'int32_t']),
  ...names('uint32', ['uint', 'unsigned int', 'uint32', 'uint32_t']),
  ...names('float32', ['float']),
  ...names('float64', ['double']),
]);

const KNOWN_UNSUPPORTED = ['longlong', 'long long', 'long long int', 'signed long long', 'signed long long int', 'int64', 'int64_t',
  'ulonglong', 'unsigned long long', 'unsigned long long int', 'uint64', 'uint64_t', 'block'];

function names(type: NiftiDatatype, list: string[]): [string, NiftiDatatype][] {
  return list.map((n) => [n, type]);
}

export function nrrdDatatype(text: string): NiftiDatatype {
  const name = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const type = TYPES.get(name);
  if (type) return type;
  const supported = 'int8, uint8, int16, uint16, int32, uint32, float, double (and their C names)';
  if (KNOWN_UNSUPPORTED.includes(name)) throw new ReadError('unsupported-datatype', `"type: ${text}" is not supported; supported: ${supported}`);
  throw new ReadError('bad-nrrd-header', `"type: ${text}" is not a NRRD type; supported: ${supported}`);
}
