import { scanIdFor } from './provenance.js';

/**
 * One machine's share of a cohort run on many: `--shard K/N` takes the inputs whose scan id falls in bucket K of N.
 * The bucket depends on the scan id only (the absolute path; for a DICOM series, its folder and series UID), so N machines given the same inputs split them without talking
 * to each other, and a rerun of a shard sees the same scans. Their databases are joined with `lungflow merge`.
 */
export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RangeError(`--shard wants K/N with 1 <= K <= N, e.g. 2/4; got '${text}'`);
  }
  return { index, count };
}

export function inShard(absolutePath: string, shard: Shard | null): boolean {
  return idInShard(scanIdFor(absolutePath), shard);
}

/** By scan id (a file's id is that of its path: the same shard as before DICOM series had ids of their own). */
export function idInShard(scanId: string, shard: Shard | null): boolean {
  if (!shard || shard.count === 1) return true;
  return (parseInt(scanId.slice(0, 8), 16) % shard.count) + 1 === shard.index;
}
