import { ReadError } from '../errors.js';
import { firstLineOf, quoteLine } from '../textHeader.js';

/** A NRRD header as written: its fields (names normalised) and where the attached data would start. */
export interface NrrdHeader {
  readonly magic: string;
  /** Field name (lower case, single spaces, old spellings such as "datafile" made "data file") → its text. */
  readonly fields: ReadonlyMap<string, string>;
  /** The file names after `data file: LIST`. */
  readonly dataFileList: readonly string[];
  /** Byte after the blank line that ends the header, where attached data starts; null when the file ends first. */
  readonly dataOffset: number | null;
}

const OLD_SPELLINGS: Readonly<Record<string, string>> = {
  datafile: 'data file', byteskip: 'byte skip', lineskip: 'line skip', centerings: 'centers', centering: 'centers',
};

/**
 * Parses a NRRD header (teem's format, versions NRRD0001 to NRRD0005) from the text at the start of a .nrrd or
 * .nhdr. Comments (`#`) and key/value pairs (`key:=value`) are passed over. `complete`: the text is the whole file
 * (else a header that never ends is an error).
 */
export function parseNrrdHeader(text: string, complete: boolean): NrrdHeader {
  const firstEnd = lineEnd(text, 0);
  const magic = text.slice(0, firstEnd.end).trim();
  if (!/^NRRD000[1-9]$/.test(magic)) {
    throw new ReadError('not-nrrd', `not a NRRD file: ${firstLineOf(magic)}, not a magic line like "NRRD0004"`);
  }
  const fields = new Map<string, string>();
  const list: string[] = [];
  let inList = false;
  let pos = firstEnd.next;
  while (pos < text.length) {
    const { end, next } = lineEnd(text, pos);
    const line = text.slice(pos, end);
    if (line.trim() === '') return { magic, fields, dataFileList: list, dataOffset: next };
    pos = next;
    if (inList) {
      list.push(line.trim());
      continue;
    }
    if (line.startsWith('#') || /^[^:]*:=/.test(line)) continue;
    const colon = line.indexOf(': ');
    if (colon < 0) throw new ReadError('bad-nrrd-header', `header line ${quoteLine(line)} is neither "field: description", "key:=value" nor a comment`);
    const raw = line.slice(0, colon).trim().toLowerCase().replace(/\s+/g, ' ');
    const name = OLD_SPELLINGS[raw] ?? raw;
    if (fields.has(name)) throw new ReadError('bad-nrrd-header', `the field "${name}" is given twice`);
    const value = line.slice(colon + 2).trim();
    fields.set(name, value);
    if (name === 'data file' && /^LIST(\s+\d+)?$/.test(value)) inList = true;
  }
  if (!complete) throw new ReadError('bad-nrrd-header', 'no blank line ends the header within the first 1 MiB of the file');
  return { magic, fields, dataFileList: list, dataOffset: null };
}

function lineEnd(text: string, from: number): { end: number; next: number } {
  const nl = text.indexOf('\n', from);
  if (nl < 0) return { end: text.length, next: text.length };
  return { end: nl > from && text[nl - 1] === '\r' ? nl - 1 : nl, next: nl + 1 };
}

/** A required field, or the error that names it. */
export function requireField(h: NrrdHeader, name: string): string {
  const value = h.fields.get(name);
  if (value === undefined) throw new ReadError('bad-nrrd-header', `the header has no "${name}" field, which NRRD requires`);
  return value;
}

/** `(a,b,c)` vectors and `none`s of a "space directions" or "space origin" field. */
export function parseVectors(field: string, text: string): (number[] | null)[] {
  const tokens = text.match(/\([^)]*\)|none/g) ?? [];
  const rest = text.replace(/\([^)]*\)|none/g, '').trim();
  if (rest !== '') throw new ReadError('bad-nrrd-header', `"${field}: ${text}" holds ${quoteLine(rest)}, which is neither a vector like (1,0,0) nor "none"`);
  return tokens.map((t) => {
    if (t === 'none') return null;
    const v = t.slice(1, -1).split(',').map((x) => Number(x.trim()));
    if (!v.every(Number.isFinite)) throw new ReadError('bad-nrrd-header', `"${field}" holds ${t}, whose components are not all finite numbers`);
    return v;
  });
}
