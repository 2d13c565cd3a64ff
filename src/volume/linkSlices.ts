/**
 * 3-D linking: regions of neighbouring slices that overlap in-plane (share at least one pixel position) are one
 * 3-D component. Union-find over global region ids; runs are (y, x0, x1) triples in scan order.
 */

import { keepShapeAlive } from '../runtime/keepShapeAlive.js';

export class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    keepShapeAlive(this);
  }
  find(a: number): number {
    const p = this.parent;
    while (p[a] !== a) {
      p[a] = p[p[a]];
      a = p[a];
    }
    return a;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** True when two run-length regions share a pixel. Both in scan order; linear in their run counts. */
export function runsOverlap(a: Int32Array, b: Int32Array): boolean {
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const ya = a[i], yb = b[j];
    if (ya < yb) { i += 3; continue; }
    if (yb < ya) { j += 3; continue; }
    if (a[i + 1] < b[j + 2] && b[j + 1] < a[i + 2]) return true;
    if (a[i + 2] <= b[j + 2]) i += 3;
    else j += 3;
  }
  return false;
}

/** Cheap pre-test on inclusive bounding boxes [x0, y0, x1, y1]. */
export function boxesOverlap(a: readonly number[], b: readonly number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** True when some pixel of `a` lies within dx columns and dy rows of some pixel of `b` (a box neighbourhood). */
export function runsNear(a: Int32Array, b: Int32Array, dx: number, dy: number): boolean {
  let lo = 0;
  for (let i = 0; i < a.length; i += 3) {
    const y = a[i], x0 = a[i + 1] - dx, x1 = a[i + 2] + dx;
    while (lo < b.length && b[lo] < y - dy) lo += 3;
    for (let j = lo; j < b.length && b[j] <= y + dy; j += 3) {
      if (b[j + 1] < x1 && x0 < b[j + 2]) return true;
    }
  }
  return false;
}
