import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VolumeSource } from '../readers/volumeSource.js';
import { planSlices } from '../readers/slicing.js';
import type { ScanMasks, MaskPaths } from '../sinks/masks/maskSink.js';
import { LUNG_WINDOW, toGrey } from '../stages/window.js';
import type { HuSlice } from '../stages/types.js';
import type { SliceArea } from '../preview/selectSlices.js';
import { montage } from '../preview/montage.js';
import { encodePng } from '../preview/writePng.js';
import { canonicalPixelMap, remap } from './canonicalRemap.js';
import { candidateSlices, montageSlices } from './montageSlices.js';
import { renderQcTile } from './qcTile.js';

/** Where `run --qc DIR` writes a scan's montage. */
export function qcMontagePath(dir: string, scanId: string): string {
  return path.join(dir, `${scanId}_montage.png`);
}

/**
 * The QC montage of one scan, made in the worker from the slices it reads anyway (`run --qc`): a few evenly
 * spaced slices are kept as 8-bit grey while the scan streams by (at most MAX_CANDIDATES, 16 × 256 KB for a
 * 512² scan), their masks are taken as the scan's measuring paints them, and the montage is written once the
 * lung's extent is known. Nothing is read twice.
 */
export class QcCapture {
  private readonly candidates: Set<number>;
  private readonly grey = new Map<number, Uint8Array>();
  private readonly masks = new Map<number, { lung: Uint8Array; vessels: Uint8Array }>();
  private readonly midline = new Map<number, number | null>();
  /** Read-plan pixel → canonical pixel, or null when the scan is read canonical already. */
  private readonly map: Int32Array | null;
  private readonly width: number;
  private readonly height: number;

  constructor(private readonly source: VolumeSource, private readonly file: string) {
    this.candidates = new Set(candidateSlices(source.plan.nSlices));
    const canonical = planSlices(source.geometry, 'canonical');
    this.map = canonicalPixelMap(source.plan, canonical);
    this.width = canonical.width;
    this.height = canonical.height;
  }

  /** Whether slice k may be in the montage: the only slices whose masks the montage needs. */
  wants(k: number): boolean {
    return this.candidates.has(k);
  }

  /**
   * Call with every slice as read (before its buffer is reused) and its body midline in canonical x (the default
   * preset's left/right split; null when the preset has none): the candidates' grey and midline are kept.
   */
  offer(slice: HuSlice, midlineX: number | null): void {
    if (!this.candidates.has(slice.index)) return;
    this.grey.set(slice.index, remap(toGrey(LUNG_WINDOW, slice.hu), this.map, (n) => new Uint8Array(n)));
    this.midline.set(slice.index, midlineX);
  }

  /**
   * Masks as the scan's measuring paints them: the candidates' are kept, everything goes on to `inner` (--masks).
   * Without `inner`, only the candidates' slices are wanted: painting every slice's masks for a dozen of them cost
   * a quarter of the scan.
   */
  tap(inner: ScanMasks | null): ScanMasks {
    return {
      wants: (k) => this.wants(k) || (inner !== null && (inner.wants?.(k) ?? true)),
      addSlice: async (k, lung, vessels, regions) => {
        if (this.wants(k)) {
          this.masks.set(k, {
            lung: remap(lung, this.map, (n) => new Uint8Array(n)).slice(),
            vessels: remap(vessels, this.map, (n) => new Uint8Array(n)).slice(),
          });
        }
        await inner?.addSlice(k, lung, vessels, regions);
      },
      finish: async (): Promise<MaskPaths> => {
        if (!inner) throw new Error('no mask files are being written: nothing to finish');
        return inner.finish();
      },
      abort: async () => {
        await inner?.abort();
      },
    };
  }

  /** Writes the montage (atomically: a temporary name, then renamed) and returns its path. */
  async write(areas: readonly SliceArea[]): Promise<string> {
    const indices = montageSlices(areas, this.source.plan.nSlices, [...this.grey.keys()].sort((a, b) => a - b));
    const n = this.width * this.height;
    const empty = new Uint8Array(n);
    const tiles = indices.map((k) => renderQcTile({
      width: this.width,
      height: this.height,
      grey: this.grey.get(k)!,
      lung: this.masks.get(k)?.lung ?? empty,
      vessels: this.masks.get(k)?.vessels ?? empty,
      midlineX: this.midline.get(k) ?? null,
    }));
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, encodePng(montage(tiles)));
    await rename(tmp, this.file);
    return this.file;
  }
}
