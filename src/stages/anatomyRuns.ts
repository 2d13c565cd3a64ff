/**
 * Connected components of a 0/1 image, computed on horizontal runs (union-find over overlapping runs of
 * neighbouring rows). Runs are (y, x0, x1) triples with x1 exclusive, in scan order (y, then x).
 * Labels are numbered in the order of each component's first run, so a component's first run is its
 * top-most, then left-most pixel — the property the nesting tree in `anatomy.ts` relies on.
 */

export interface RunComponents {
  /** (y, x0, x1) per run, x1 exclusive; `nRuns * 3` entries are used. */
  readonly runs: Int32Array;
  readonly nRuns: number;
  /** Index of the first run of row y; row y's runs are [rowStart[y], rowStart[y + 1]). Length height + 1. */
  readonly rowStart: Int32Array;
  /** Component label of each run, 0 … nLabels - 1, numbered by first appearance in scan order. */
  readonly label: Int32Array;
  readonly nLabels: number;
  /** Pixels per component. */
  readonly area: Float64Array;
  /** Index of the first (top-most, left-most) run of each component. */
  readonly firstRun: Int32Array;
  /** 1 when the component touches the image border. */
  readonly touchesBorder: Uint8Array;
}

/**
 * Components of the pixels where `mask[i] === value`. `connectivity` 4 joins runs that share an edge, 8 also
 * runs that touch at a corner.
 */
export function labelRuns(mask: Uint8Array, width: number, height: number, value: number, connectivity: 4 | 8): RunComponents {
  const rb = new RunBuffer(width + height, height);
  for (let y = 0; y < height; y++) {
    rb.rowStart[y] = rb.nRuns;
    const base = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && mask[base + x] !== value) x++;
      if (x >= width) break;
      const x0 = x;
      while (x < width && mask[base + x] === value) x++;
      rb.push(y, x0, x);
    }
  }
  rb.rowStart[height] = rb.nRuns;
  return connectRuns(rb, width, height, connectivity);
}

/**
 * Air-like (HU < airBelowHu, or NaN) components with 4-connectivity and tissue components with 8-connectivity,
 * from one pass over the HU.
 */
export function labelAirAndTissue(
  hu: Float32Array,
  width: number,
  height: number,
  airBelowHu: number,
  scratch: RunScratch = new RunScratch(),
): { air: RunComponents; tissue: RunComponents } {
  const air = scratch.air.reset(width + height, height);
  const tissue = scratch.tissue.reset(width + height, height);
  for (let y = 0; y < height; y++) {
    air.rowStart[y] = air.nRuns;
    tissue.rowStart[y] = tissue.nRuns;
    const base = y * width;
    const end = base + width;
    let i = base;
    while (i < end) {
      const i0 = i;
      // Runs are long (outside air, lung, soft tissue): step 4 pixels at a time while all 4 agree, then 1 by 1.
      if (hu[i] >= airBelowHu) {
        i++;
        while (i + 4 <= end && hu[i] >= airBelowHu && hu[i + 1] >= airBelowHu && hu[i + 2] >= airBelowHu && hu[i + 3] >= airBelowHu) i += 4;
        while (i < end && hu[i] >= airBelowHu) i++;
        tissue.push(y, i0 - base, i - base);
      } else {
        i++;
        while (i + 4 <= end && !(hu[i] >= airBelowHu) && !(hu[i + 1] >= airBelowHu) && !(hu[i + 2] >= airBelowHu) && !(hu[i + 3] >= airBelowHu)) i += 4;
        while (i < end && !(hu[i] >= airBelowHu)) i++;
        air.push(y, i0 - base, i - base);
      }
    }
  }
  air.rowStart[height] = air.nRuns;
  tissue.rowStart[height] = tissue.nRuns;
  return { air: connectRuns(air, width, height, 4, scratch.airLinks), tissue: connectRuns(tissue, width, height, 8, scratch.tissueLinks) };
}

/** Buffers reused by labelBitRuns (valid until its next call with the same scratch). */
export class BitRunScratch {
  readonly runs = new RunBuffer(0, 0);
  readonly links = new LinkScratch();
}

/**
 * Calls `each(y, x0, x1)` for every run of pixels equal to `value` in a bit image (row y is words
 * [y * nw, (y + 1) * nw), pixel x is bit x & 31 of word x >> 5; bits at x >= width are ignored), in scan order,
 * jumping from transition to transition a word at a time.
 */
export function forEachBitRun(
  bits: Int32Array, nw: number, width: number, height: number, value: 0 | 1, each: (y: number, x0: number, x1: number) => void,
): void {
  const flip = value === 1 ? 0 : -1;
  for (let y = 0; y < height; y++) {
    const row = y * nw;
    let start = -1;
    for (let w = 0; w < nw; w++) {
      const word = bits[row + w] ^ flip;
      if (start < 0 && word === 0) continue;
      if (start >= 0 && word === -1) continue;
      // The lowest set bit at or after p (a run starts), or the lowest clear bit at or after p (it ends).
      for (let p = 0; p < 32; ) {
        const m = (start < 0 ? word : ~word) & (-1 << p);
        if (m === 0) break;
        const bit = 31 - Math.clz32(m & -m);
        const x = (w << 5) + bit;
        if (start < 0) {
          if (x >= width) break;
          start = x;
        } else {
          each(y, start, Math.min(x, width));
          start = -1;
        }
        p = bit + 1;
      }
    }
    if (start >= 0) each(y, start, width);
  }
}

/** Components of the pixels equal to `value` in a bit image (as forEachBitRun reads it). */
export function labelBitRuns(
  bits: Int32Array, nw: number, width: number, height: number, value: 0 | 1, connectivity: 4 | 8, scratch: BitRunScratch,
): RunComponents {
  const rb = scratch.runs.reset(width + height, height);
  let row = 0;
  rb.rowStart[0] = 0;
  forEachBitRun(bits, nw, width, height, value, (y, x0, x1) => {
    while (row < y) rb.rowStart[++row] = rb.nRuns;
    rb.push(y, x0, x1);
  });
  while (row < height) rb.rowStart[++row] = rb.nRuns;
  return connectRuns(rb, width, height, connectivity, scratch.links);
}

/**
 * Buffers reused from one slice to the next (one per worker): the components labelAirAndTissue returns with a
 * scratch point into it, so they are valid only until the next call with the same scratch.
 */
export class RunScratch {
  readonly air = new RunBuffer(0, 0);
  readonly tissue = new RunBuffer(0, 0);
  readonly airLinks = new LinkScratch();
  readonly tissueLinks = new LinkScratch();
}

class LinkScratch {
  parent = new Int32Array(0);
  label = new Int32Array(0);
  rootLabel = new Int32Array(0);
  ensure(nRuns: number): void {
    if (this.parent.length < nRuns) {
      const capacity = Math.max(nRuns, 2 * this.parent.length);
      this.parent = new Int32Array(capacity);
      this.label = new Int32Array(capacity);
      this.rootLabel = new Int32Array(capacity);
    }
  }
}

class RunBuffer {
  runs: Int32Array;
  nRuns = 0;
  rowStart: Int32Array;
  constructor(capacity: number, height: number) {
    this.runs = new Int32Array(3 * Math.max(64, capacity));
    this.rowStart = new Int32Array(height + 1);
  }
  /** Empty, with room for `height` rows. */
  reset(capacity: number, height: number): this {
    this.nRuns = 0;
    if (this.runs.length < 3 * capacity) this.runs = new Int32Array(3 * Math.max(64, capacity));
    if (this.rowStart.length !== height + 1) this.rowStart = new Int32Array(height + 1);
    return this;
  }
  push(y: number, x0: number, x1: number): void {
    if (this.nRuns * 3 + 3 > this.runs.length) {
      const grown = new Int32Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    const k = this.nRuns * 3;
    this.runs[k] = y;
    this.runs[k + 1] = x0;
    this.runs[k + 2] = x1;
    this.nRuns++;
  }
}

function connectRuns(rb: RunBuffer, width: number, height: number, connectivity: 4 | 8, links: LinkScratch = new LinkScratch()): RunComponents {
  const { runs, nRuns, rowStart } = rb;
  links.ensure(nRuns);
  const parent = links.parent;
  for (let r = 0; r < nRuns; r++) parent[r] = r;
  const slack = connectivity === 8 ? 1 : 0;
  for (let y = 1; y < height; y++) {
    let p = rowStart[y - 1];
    const pEnd = rowStart[y];
    for (let c = rowStart[y]; c < rowStart[y + 1]; c++) {
      const cx0 = runs[c * 3 + 1];
      const cx1 = runs[c * 3 + 2];
      // Skip previous-row runs that end before this one starts (they cannot touch later runs either).
      while (p < pEnd && runs[p * 3 + 2] + slack <= cx0) p++;
      let q = p;
      while (q < pEnd && runs[q * 3 + 1] < cx1 + slack) {
        union(parent, c, q);
        q++;
      }
    }
  }

  const label = links.label.subarray(0, nRuns);
  const rootLabel = links.rootLabel.fill(-1, 0, nRuns);
  let nLabels = 0;
  for (let r = 0; r < nRuns; r++) {
    const root = find(parent, r);
    if (rootLabel[root] < 0) rootLabel[root] = nLabels++;
    label[r] = rootLabel[root];
  }
  const area = new Float64Array(nLabels);
  const firstRun = new Int32Array(nLabels).fill(-1);
  const touchesBorder = new Uint8Array(nLabels);
  for (let r = 0; r < nRuns; r++) {
    const l = label[r];
    const y = runs[r * 3];
    const x0 = runs[r * 3 + 1];
    const x1 = runs[r * 3 + 2];
    area[l] += x1 - x0;
    if (firstRun[l] < 0) firstRun[l] = r;
    if (y === 0 || y === height - 1 || x0 === 0 || x1 === width) touchesBorder[l] = 1;
  }
  return { runs: runs.subarray(0, nRuns * 3), nRuns, rowStart, label, nLabels, area, firstRun, touchesBorder };
}

/** The run of row y that contains column x, or -1. Binary search over the row's runs. */
export function runAt(c: RunComponents, x: number, y: number): number {
  let lo = c.rowStart[y];
  let hi = c.rowStart[y + 1] - 1;
  const runs = c.runs;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid * 3 + 2] <= x) lo = mid + 1;
    else if (runs[mid * 3 + 1] > x) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function find(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return;
  // Keep the smaller index as root: harmless, and keeps roots stable.
  if (ra < rb) parent[rb] = ra;
  else parent[ra] = rb;
}
