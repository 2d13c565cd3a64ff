import { ReadError } from '../errors.js';
import { firstLineOf, quoteLine } from '../textHeader.js';

/** A MetaImage header: its fields by canonical name, and where LOCAL data starts. */
export interface MetaImageHeader {
  /** Canonical key (synonyms folded: Position/Origin → Offset, Rotation/Orientation → TransformMatrix, …) → value. */
  readonly fields: ReadonlyMap<string, string>;
  /** The file names after `ElementDataFile = LIST`. */
  readonly dataFileList: readonly string[];
  /** Byte after the ElementDataFile line: where LOCAL data starts (before HeaderSize is applied). */
  readonly dataOffset: number;
}

/** MetaIO's synonyms, by the lower-cased key. */
const CANONICAL: Readonly<Record<string, string>> = {
  position: 'Offset', origin: 'Offset', offset: 'Offset',
  rotation: 'TransformMatrix', orientation: 'TransformMatrix', transformmatrix: 'TransformMatrix',
  elementbyteordermsb: 'BinaryDataByteOrderMSB', binarydatabyteordermsb: 'BinaryDataByteOrderMSB',
};

/**
 * Parses a MetaImage header (ITK's MetaIO: `Key = Value` lines, ElementDataFile last). `complete`: the text is the
 * whole file.
 */
export function parseMetaImageHeader(text: string, complete: boolean): MetaImageHeader {
  const fields = new Map<string, string>();
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '');
    pos = next;
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    if (fields.size === 0 && (eq < 0 || !/^[A-Za-z][A-Za-z0-9_]*$/.test(line.slice(0, eq).trim()))) {
      throw new ReadError('not-metaimage', `not a MetaImage file: ${firstLineOf(line)}, not a "Key = Value" line`);
    }
    if (eq < 0) throw new ReadError('bad-metaimage-header', `header line ${quoteLine(line)} is not "Key = Value"`);
    const key = canonical(line.slice(0, eq).trim());
    const value = line.slice(eq + 1).trim();
    fields.set(key, value);
    if (key === 'ElementDataFile') {
      const list: string[] = [];
      if (/^LIST(\s+\S+)?$/i.test(value)) {
        for (const rest of text.slice(pos).split(/\r?\n/)) if (rest.trim() !== '') list.push(rest.trim());
      }
      return { fields, dataFileList: list, dataOffset: next };
    }
  }
  throw new ReadError('bad-metaimage-header', complete
    ? 'the header has no ElementDataFile line (MetaImage requires it, last): where the voxels are is unknown'
    : 'no ElementDataFile line ends the header within the first 1 MiB of the file');
}

function canonical(key: string): string {
  const lower = key.toLowerCase();
  if (CANONICAL[lower]) return CANONICAL[lower];
  const known = KNOWN_KEYS.find((k) => k.toLowerCase() === lower);
  return known ?? key;
}

const KNOWN_KEYS = [
  'ObjectType', 'NDims', 'DimSize', 'ElementType', 'ElementSpacing', 'ElementSize', 'BinaryData', 'CompressedData',
  'CompressedDataSize', 'HeaderSize', 'ElementNumberOfChannels', 'ElementDataFile', 'AnatomicalOrientation',
];

export function requireKey(h: MetaImageHeader, key: string): string {
  const value = h.fields.get(key);
  if (value === undefined) throw new ReadError('bad-metaimage-header', `the header has no ${key}, which MetaImage requires`);
  return value;
}

/** `count` numbers of a field, or the error that quotes it. */
export function numbers(h: MetaImageHeader, key: string, count: number): number[] | null {
  const text = h.fields.get(key);
  if (text === undefined) return null;
  const v = text.split(/\s+/).map(Number);
  if (v.length !== count || !v.every(Number.isFinite)) {
    throw new ReadError('bad-metaimage-header', `"${key} = ${text}" must be ${count} numbers`);
  }
  return v;
}

/** MetaIO booleans: True/False (also 1/0, yes/no); absent → `otherwise`. */
export function flag(h: MetaImageHeader, key: string, otherwise: boolean): boolean {
  const text = h.fields.get(key)?.trim().toLowerCase();
  if (text === undefined) return otherwise;
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  throw new ReadError('bad-metaimage-header', `"${key} = ${h.fields.get(key)}" must be True or False`);
}
