/**
 * Pixel-centre rasterisation: pixel (x, y) is set iff the point (x, y) lies strictly inside the polygon by the
 * even-odd rule (a point on an edge or vertex is outside). The polygon is closed implicitly (last point to
 * first); a contour that repeats its first point just adds an empty edge. Crossings are evaluated in float64.
 *
 * Each row y gets the crossings of the edges with lo <= y < hi (half-open, so a vertex on the row counts once);
 * between consecutive crossings a and b the pixels a < x < b are inside. Points exactly on the boundary that
 * are not crossings -- integer vertices and integer points of horizontal edges -- are removed afterwards.
 */
export function fillPolygonCentres(xy: Float64Array, width: number, height: number, data: Uint8Array): void {
  const n = xy.length >> 1;
  if (n < 3) return; // no interior
  let minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i], y = xy[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RangeError(`rasterize (pixel-centre): vertex (${x}, ${y}) is not finite`);
    }
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const yLo = Math.max(0, Math.ceil(minY));
  const yHi = Math.min(height - 1, Math.floor(maxY));
  if (yLo > yHi) return;
  const rows = yHi - yLo + 1;

  // Pass 1: how many crossings (edges with lo <= y < hi) and how many boundary runs fall on each row.
  const start = new Int32Array(rows + 1);
  const bStart = new Int32Array(rows + 1);
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const xa = xy[2 * i], ya = xy[2 * i + 1], yb = xy[2 * j + 1];
    if (Number.isInteger(ya) && ya >= yLo && ya <= yHi && (ya === yb || Number.isInteger(xa))) bStart[ya - yLo + 1]++;
    if (ya === yb) continue;
    const first = Math.max(yLo, Math.ceil(Math.min(ya, yb)));
    const last = Math.min(yHi, Math.ceil(Math.max(ya, yb)) - 1);
    for (let y = first; y <= last; y++) start[y - yLo + 1]++;
  }
  for (let r = 0; r < rows; r++) {
    start[r + 1] += start[r];
    bStart[r + 1] += bStart[r];
  }
  // Pass 2: the crossings' x, and the boundary points that are not crossings as runs [x0, x1] of columns:
  // a horizontal edge on an integer row, or a vertex with integer coordinates.
  const xs = new Float64Array(start[rows]);
  const cursor = start.slice(0, rows);
  const runs = new Float64Array(2 * bStart[rows]);
  const bCursor = bStart.slice(0, rows);
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const xa = xy[2 * i], ya = xy[2 * i + 1], xb = xy[2 * j], yb = xy[2 * j + 1];
    if (Number.isInteger(ya) && ya >= yLo && ya <= yHi && (ya === yb || Number.isInteger(xa))) {
      const b = 2 * bCursor[ya - yLo]++;
      runs[b] = ya === yb ? Math.ceil(Math.min(xa, xb)) : xa;
      runs[b + 1] = ya === yb ? Math.floor(Math.max(xa, xb)) : xa;
    }
    if (ya === yb) continue;
    const down = ya < yb;
    const xl = down ? xa : xb, yl = down ? ya : yb, xh = down ? xb : xa, yh = down ? yb : ya;
    const slope = (xh - xl) / (yh - yl);
    const first = Math.max(yLo, Math.ceil(yl));
    const last = Math.min(yHi, Math.ceil(yh) - 1);
    for (let y = first; y <= last; y++) xs[cursor[y - yLo]++] = xl + (y - yl) * slope;
  }

  let rowMask: Uint8Array | null = null;
  for (let r = 0; r < rows; r++) {
    const s = start[r], e = start[r + 1];
    if (e - s < 2) continue;
    sortRange(xs, s, e);
    const o = (yLo + r) * width;
    if (bStart[r] === bStart[r + 1]) {
      for (let p = s + 1; p < e; p += 2) {
        const x0 = Math.max(0, Math.floor(xs[p - 1]) + 1), x1 = Math.min(width - 1, Math.ceil(xs[p]) - 1);
        if (x0 <= x1) data.fill(1, o + x0, o + x1 + 1);
      }
      continue;
    }
    // Rare: a vertex or horizontal edge sits exactly on pixel centres of this row.
    rowMask ??= new Uint8Array(width);
    let lo = width, hi = -1;
    for (let p = s + 1; p < e; p += 2) {
      const x0 = Math.max(0, Math.floor(xs[p - 1]) + 1), x1 = Math.min(width - 1, Math.ceil(xs[p]) - 1);
      if (x0 > x1) continue;
      rowMask.fill(1, x0, x1 + 1);
      if (x0 < lo) lo = x0;
      if (x1 > hi) hi = x1;
    }
    for (let b = 2 * bStart[r]; b < 2 * bStart[r + 1]; b += 2) {
      const x0 = Math.max(0, runs[b]), x1 = Math.min(width - 1, runs[b + 1]);
      if (x0 <= x1) rowMask.fill(0, x0, x1 + 1);
    }
    for (let x = lo; x <= hi; x++) {
      data[o + x] |= rowMask[x];
      rowMask[x] = 0;
    }
  }
}

function sortRange(a: Float64Array, s: number, e: number): void {
  if (e - s > 32) {
    a.subarray(s, e).sort();
    return;
  }
  for (let i = s + 1; i < e; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= s && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
