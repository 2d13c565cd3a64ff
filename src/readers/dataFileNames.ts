import path from 'node:path';
import { ReadError, type ReadErrorCode } from './errors.js';

/**
 * The files of a `%d` pattern, as NRRD's `data file: <format> <min> <max> <step>` and MetaImage's
 * `ElementDataFile = <format> <min> <max> <step>` give them: C printf's %d with an optional width and zero flag.
 */
export function patternFiles(format: string, min: number, max: number, step: number, code: ReadErrorCode): string[] {
  const spec = /%(0?)(\d*)d/.exec(format);
  if (!spec || !(Number.isInteger(min) && Number.isInteger(max) && Number.isInteger(step)) || step === 0 || (max - min) / step < 0) {
    throw new ReadError(code, `the data file pattern "${format} ${min} ${max} ${step}" is not a %d format with whole min, max and a step toward max`);
  }
  const width = Number(spec[2] || 0);
  const files: string[] = [];
  for (let i = min; step > 0 ? i <= max : i >= max; i += step) {
    const digits = String(Math.abs(i)).padStart(width - (i < 0 ? 1 : 0), spec[1] === '0' ? '0' : ' ');
    files.push(format.replace(spec[0], `${i < 0 ? '-' : ''}${digits}`));
  }
  return files;
}

/** A data file named in a header, relative to the header's folder unless absolute. */
export function besideHeader(headerPath: string, name: string): string {
  return path.resolve(path.dirname(headerPath), name);
}

/**
 * The files a header's data-file field names, in order: a `LIST` (the names that follow the field), a `%d` pattern
 * with min, max, step (and an optional sub-dimension), or one file. `field` is quoted in errors as the header wrote
 * it (e.g. `"data file: LIST"`).
 */
export function namedDataFiles(headerPath: string, value: string, list: readonly string[], quoted: string, code: ReadErrorCode): string[] {
  if (/^LIST(\s+\S+)?$/i.test(value)) {
    if (list.length === 0) throw new ReadError(code, `${quoted} is followed by no file names`);
    return list.map((name) => besideHeader(headerPath, name));
  }
  const pattern = /^(\S*%\S*)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)(\s+\S+)?$/.exec(value);
  if (pattern) {
    return patternFiles(pattern[1], Number(pattern[2]), Number(pattern[3]), Number(pattern[4]), code).map((n) => besideHeader(headerPath, n));
  }
  return [besideHeader(headerPath, value)];
}
