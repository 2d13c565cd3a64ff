import type { SliceMeasurement } from '../stages/types.js';
import type { SliceRow } from '../results.js';

/** Per-slice results arrive out of order from the pool; this puts them back in slice order and sums volumes. */
export class ScanAssembly {
  private readonly rows: (SliceRow | undefined)[];
  private received = 0;

  constructor(readonly nSlices: number) {
    this.rows = new Array(nSlices);
  }

  add(m: SliceMeasurement): void {
    if (this.rows[m.index] === undefined) this.received++;
    this.rows[m.index] = {
      sliceIndex: m.index,
      lungAreaMm2: m.lungAreaMm2,
      vesselAreaMm2: m.vesselAreaMm2,
      vesselRatioPct: m.vesselRatioPct,
      nLungContours: m.nLungContours,
      note: m.note,
      leftAreaMm2: null,
      rightAreaMm2: null,
    };
  }

  get complete(): boolean {
    return this.received === this.nSlices;
  }

  slices(): SliceRow[] {
    if (!this.complete) throw new Error(`scan assembly incomplete: ${this.received} of ${this.nSlices} slices`);
    return this.rows as SliceRow[];
  }
}

/** Σ area (mm²) × slice spacing (mm) → mL. */
export function volumeMl(areasMm2: Iterable<number>, sliceSpacingMm: number): number {
  let sum = 0;
  for (const a of areasMm2) sum += a;
  return (sum * sliceSpacingMm) / 1000;
}
