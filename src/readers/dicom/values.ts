import type { DataSet } from 'dicom-parser';

/** Typed reads of one attribute of a parsed data set: null when absent or empty (never a default in disguise). */

export function text(ds: DataSet, tag: string): string | null {
  const s = ds.string(tag);
  return s === undefined || s === '' ? null : s;
}

export function texts(ds: DataSet, tag: string): string[] {
  const s = ds.string(tag);
  return s ? s.split('\\').map((v) => v.trim()) : [];
}

/** A DS or IS value (or one of a multi-valued one). */
export function decimal(ds: DataSet, tag: string, index = 0): number | null {
  const s = texts(ds, tag)[index];
  if (s === undefined || s === '') return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Exactly `n` decimal values, or null when absent or any is missing or not a number. */
export function decimals(ds: DataSet, tag: string, n: number): number[] | null {
  const parts = texts(ds, tag);
  if (parts.length < n) return null;
  const v = parts.slice(0, n).map(Number);
  return v.every(Number.isFinite) ? v : null;
}

/** A US value (SS when `signed`). */
export function ushort(ds: DataSet, tag: string, signed = false): number | null {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return null;
  return signed ? ds.int16(tag) ?? null : ds.uint16(tag) ?? null;
}
