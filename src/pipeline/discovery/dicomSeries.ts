import path from 'node:path';
import type { DicomFileHeader } from '../../readers/dicom/fileHeader.js';
import type { ScanInput, SkippedInput } from '../../results.js';
import type { NotAScan } from './notAScan.js';
import { dicomSeriesScan, type Labels } from './scanInputs.js';

/** Files of one series kept back as not a scan, for one reason: one row of `skipped_inputs`. */
interface SkippedGroup {
  readonly reason: NotAScan['reason'];
  readonly detail: string;
  readonly files: string[];
  readonly modality: string | null;
  readonly sopClassUid: string | null;
}

/** A series still being gathered: a few hundred bytes per file (its path and orientation), never pixel data. */
interface PendingSeries {
  /** '' for images without a SeriesInstanceUID (anonymised exports strip it): those of one folder are one series. */
  readonly uid: string;
  /** The first image file's header: the series' `scans` columns until the reader reads them all. */
  first: DicomFileHeader | null;
  /** Image files: path → orientation key ('' when the header has none). */
  readonly images: Map<string, string>;
  readonly skipped: Map<string, SkippedGroup>;
  /** The deepest folder holding every file of the series seen so far. */
  anchor: string;
}

export interface SeriesFound {
  readonly scans: ScanInput[];
  readonly skipped: SkippedInput[];
}

/**
 * Groups DICOM files into series by SeriesInstanceUID wherever they lie, while a walk goes on. A series counts as
 * complete when the walk has left the parent of the folder that holds all its files seen so far: its own folder,
 * and its siblings (a series split over `part1/`, `part2/` by an exporter) are then walked. So TCIA's
 * `Patient/Study/Series/*.dcm` gives each study's series once the study's folder is done, and the first scan starts
 * long before a huge export is walked; the cost is the headers kept meanwhile (a few hundred bytes per file of the
 * open folders). Files of one series that turn up later, farther away, make a second scan of that series.
 */
export class DicomSeriesGrouper {
  private readonly pending = new Map<string, PendingSeries>();

  constructor(private readonly labels: Labels) {}

  /** A DICOM file; `skip` says why it is not part of a scan, or null. */
  add(header: DicomFileHeader, skip: NotAScan | null): void {
    const uid = header.seriesInstanceUid ?? '';
    const dir = path.dirname(header.path);
    const key = uid === '' ? `folder:${dir}` : uid;
    let series = this.pending.get(key);
    if (!series) {
      series = { uid, first: null, images: new Map(), skipped: new Map(), anchor: dir };
      this.pending.set(key, series);
    } else series.anchor = commonFolder(series.anchor, dir);
    if (skip) {
      const key = `${skip.reason}\n${skip.detail}`;
      const group = series.skipped.get(key) ?? { ...skip, files: [], modality: header.modality, sopClassUid: header.sopClassUid };
      if (!group.files.includes(header.path)) group.files.push(header.path);
      series.skipped.set(key, group);
      return;
    }
    series.first ??= header;
    series.images.set(header.path, orientationKey(header.imageOrientationPatient));
  }

  /** The walk has left `dir` and everything below it: the series it completes. */
  left(dir: string): SeriesFound {
    const inside = dir.endsWith(path.sep) ? dir : dir + path.sep;
    return this.take((s) => s.anchor.startsWith(inside));
  }

  /** Every series still pending (the walks are over). */
  flush(): SeriesFound {
    return this.take(() => true);
  }

  private take(complete: (s: PendingSeries) => boolean): SeriesFound {
    const found: SeriesFound = { scans: [], skipped: [] };
    for (const [key, series] of this.pending) {
      if (!complete(series)) continue;
      this.pending.delete(key);
      this.finish(series, found);
    }
    return found;
  }

  private finish(series: PendingSeries, found: SeriesFound): void {
    for (const [file, group] of strayOrientations(series.images)) {
      series.images.delete(file);
      const key = `localizer\n${group.detail}`;
      const g = series.skipped.get(key) ?? { reason: 'localizer' as const, detail: group.detail, files: [], modality: series.first?.modality ?? null, sopClassUid: series.first?.sopClassUid ?? null };
      g.files.push(file);
      series.skipped.set(key, g);
    }
    if (series.images.size > 0 && series.first) {
      const files = [...series.images.keys()];
      const folder = files.map((f) => path.dirname(f)).reduce(commonFolder);
      found.scans.push(dicomSeriesScan(folder, files, series.first, this.labels));
    }
    for (const g of series.skipped.values()) {
      found.skipped.push({
        path: g.files.length === 1 ? g.files[0] : g.files.map((f) => path.dirname(f)).reduce(commonFolder),
        reason: g.reason,
        detail: g.detail,
        nFiles: g.files.length,
        seriesInstanceUid: series.uid || null,
        modality: g.modality,
        sopClassUid: g.sopClassUid,
      });
    }
  }
}

/**
 * Images whose orientation is unlike the series' (the orientation most of its files have): scouts stored in the
 * series of the scan. Only a few files (at most 3, and under a quarter of the series) count as such; more than that
 * is a series of mixed orientations, which its reader fails with its own error.
 */
function strayOrientations(images: ReadonlyMap<string, string>): Map<string, { detail: string }> {
  const byKey = new Map<string, string[]>();
  for (const [file, key] of images) {
    const list = byKey.get(key) ?? [];
    list.push(file);
    byKey.set(key, list);
  }
  const stray = new Map<string, { detail: string }>();
  if (byKey.size < 2) return stray;
  const [mainKey] = [...byKey].sort((a, b) => b[1].length - a[1].length)[0];
  for (const [key, files] of byKey) {
    if (key === mainKey || key === '' || files.length > 3 || files.length * 4 >= images.size) continue;
    for (const f of files) stray.set(f, { detail: `orientation [${key}] unlike the series' [${mainKey}]` });
  }
  return stray;
}

function orientationKey(iop: readonly number[] | null): string {
  return iop && iop.length === 6 ? iop.map((v) => (Math.round(v * 1000) / 1000 + 0).toString()).join(',') : '';
}

/** The deepest folder that holds both (each a folder path, absolute). */
export function commonFolder(a: string, b: string): string {
  if (a === b) return a;
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return pa.slice(0, n).join(path.sep) || path.sep;
}
