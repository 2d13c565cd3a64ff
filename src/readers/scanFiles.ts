import { stat } from 'node:fs/promises';
import { dataFiles as metaImageDataFiles } from './metaimage/open.js';
import { parseMetaImageHeader } from './metaimage/header.js';
import { dataFiles as nrrdDataFiles } from './nrrd/open.js';
import { parseNrrdHeader } from './nrrd/header.js';
import { sniffFile } from './sniff.js';
import { readTextHead, TEXT_HEADER_MAX_BYTES } from './textHeader.js';

/**
 * The files whose content makes the scan at `path`: a header and the data files it names (those that exist: a
 * missing one is the reader's error to report, naming it), or `[path]` for a single-file format. What resume and
 * provenance measure, so a change in any of them recomputes the scan. A header that cannot be parsed is `[path]`:
 * reading it will fail and say why.
 */
export async function scanFilesOf(path: string): Promise<string[]> {
  const format = await sniffFile(path).catch(() => null);
  if (format !== 'nrrd' && format !== 'metaimage') return [path];
  let named: string[];
  try {
    const { text, fileBytes } = await readTextHead(path);
    const complete = fileBytes <= TEXT_HEADER_MAX_BYTES;
    named = format === 'nrrd' ? nrrdDataFiles(path, parseNrrdHeader(text, complete)) : metaImageDataFiles(path, parseMetaImageHeader(text, complete));
  } catch {
    return [path];
  }
  const files = [path];
  for (const file of named) {
    if (files.includes(file)) continue;
    if ((await stat(file).catch(() => null))?.isFile()) files.push(file);
  }
  return files;
}
