/** The inflated bytes of a gzip file, pulled in exact counts. */
export interface InflatedBytes {
  /** Fills `into`; returns how many bytes were written (fewer than its length only at the end of the data). */
  fill(into: Uint8Array): Promise<number>;
  /** Discards `count` bytes; returns how many were there. */
  skip(count: number): Promise<number>;
  /** Bytes handed out or skipped so far. */
  readonly consumed: number;
  /** Stops inflating and reading; the file handle stays the caller's. */
  destroy(): void;
}

/**
 * Where the compressed data is: from byte `start` of the file (default 0), as 'gzip' (default) or 'zlib' (a zlib
 * or gzip stream, told apart by its header, as MetaIO's CompressedData is read).
 */
export interface CompressedRange {
  readonly start?: number;
  readonly container?: 'gzip' | 'zlib';
}
