/**
 * Joins oriented marching-squares segments into contours, in the same way as skimage's
 * `_assemble_contours`, so the contours, the order of their points and the order of the list all match.
 *
 * Every vertex lies on one grid edge and every edge carries at most one vertex, so a vertex is named by
 * an integer edge key. skimage keeps `starts`/`ends` dicts from a vertex to the contour that begins/ends
 * there; here they are Int32Arrays indexed by edge key holding `contour id + 1` (0 = none).
 * skimage's deques become singly linked lists of point nodes, so append, prepend and the two kinds of
 * join are O(1). Ids are handed out in creation order; skimage returns the surviving contours sorted
 * by that id.
 */
export class ContourAssembler {
  private readonly startOf: Int32Array;
  private readonly endOf: Int32Array;

  private nodeX: Float64Array;
  private nodeY: Float64Array;
  private nodeKey: Int32Array;
  private nodeNext: Int32Array;
  private nodeCount = 0;

  private first: Int32Array;
  private last: Int32Array;
  private length: Int32Array;
  private alive: Uint8Array;
  private contourCount = 0;

  constructor(keyCount: number, expectedPoints = 1024) {
    this.startOf = new Int32Array(keyCount);
    this.endOf = new Int32Array(keyCount);
    const n = Math.max(16, expectedPoints);
    this.nodeX = new Float64Array(n);
    this.nodeY = new Float64Array(n);
    this.nodeKey = new Int32Array(n);
    this.nodeNext = new Int32Array(n);
    const m = Math.max(16, n >> 3);
    this.first = new Int32Array(m);
    this.last = new Int32Array(m);
    this.length = new Int32Array(m);
    this.alive = new Uint8Array(m);
  }

  /** One segment from (fromKey: fx, fy) to (toKey: tx, ty), lower values on its left. */
  addSegment(fromKey: number, fx: number, fy: number, toKey: number, tx: number, ty: number): void {
    if (fromKey === toKey) return; // degenerate segment, skipped by skimage too
    const tail = this.startOf[toKey] - 1; // contour that starts where this segment ends
    if (tail >= 0) this.startOf[toKey] = 0;
    const head = this.endOf[fromKey] - 1; // contour that ends where this segment starts
    if (head >= 0) this.endOf[fromKey] = 0;

    if (tail >= 0 && head >= 0) {
      if (tail === head) {
        this.append(head, this.newNode(toKey, tx, ty)); // closes the contour
      } else if (tail > head) {
        // tail was created later: append it to head, head keeps its id
        this.nodeNext[this.last[head]] = this.first[tail];
        this.last[head] = this.last[tail];
        this.length[head] += this.length[tail];
        this.alive[tail] = 0;
        this.startOf[this.nodeKey[this.first[head]]] = head + 1;
        this.endOf[this.nodeKey[this.last[head]]] = head + 1;
      } else {
        // head was created later: prepend it to tail, tail keeps its id
        this.nodeNext[this.last[head]] = this.first[tail];
        this.first[tail] = this.first[head];
        this.length[tail] += this.length[head];
        this.alive[head] = 0;
        this.startOf[this.nodeKey[this.first[tail]]] = tail + 1;
        this.endOf[this.nodeKey[this.last[tail]]] = tail + 1;
      }
    } else if (tail < 0 && head < 0) {
      const id = this.newContour();
      const a = this.newNode(fromKey, fx, fy);
      const b = this.newNode(toKey, tx, ty);
      this.nodeNext[a] = b;
      this.first[id] = a;
      this.last[id] = b;
      this.length[id] = 2;
      this.startOf[fromKey] = id + 1;
      this.endOf[toKey] = id + 1;
    } else if (head < 0) {
      const a = this.newNode(fromKey, fx, fy);
      this.nodeNext[a] = this.first[tail];
      this.first[tail] = a;
      this.length[tail] += 1;
      this.startOf[fromKey] = tail + 1;
    } else {
      this.append(head, this.newNode(toKey, tx, ty));
      this.endOf[toKey] = head + 1;
    }
  }

  /** The surviving contours in creation order, as interleaved [x0, y0, x1, y1, ...]. */
  contours(): Float64Array[] {
    const out: Float64Array[] = [];
    for (let id = 0; id < this.contourCount; id++) {
      if (this.alive[id] === 0) continue;
      const xy = new Float64Array(this.length[id] * 2);
      let node = this.first[id];
      for (let i = 0; i < xy.length; i += 2) {
        xy[i] = this.nodeX[node];
        xy[i + 1] = this.nodeY[node];
        node = this.nodeNext[node];
      }
      out.push(xy);
    }
    return out;
  }

  private append(id: number, node: number): void {
    this.nodeNext[this.last[id]] = node;
    this.last[id] = node;
    this.length[id] += 1;
  }

  private newNode(key: number, x: number, y: number): number {
    if (this.nodeCount === this.nodeX.length) this.growNodes();
    const n = this.nodeCount++;
    this.nodeX[n] = x;
    this.nodeY[n] = y;
    this.nodeKey[n] = key;
    this.nodeNext[n] = -1;
    return n;
  }

  private newContour(): number {
    if (this.contourCount === this.first.length) this.growContours();
    const id = this.contourCount++;
    this.alive[id] = 1;
    return id;
  }

  private growNodes(): void {
    const n = this.nodeX.length * 2;
    this.nodeX = grow(this.nodeX, new Float64Array(n));
    this.nodeY = grow(this.nodeY, new Float64Array(n));
    this.nodeKey = grow(this.nodeKey, new Int32Array(n));
    this.nodeNext = grow(this.nodeNext, new Int32Array(n));
  }

  private growContours(): void {
    const n = this.first.length * 2;
    this.first = grow(this.first, new Int32Array(n));
    this.last = grow(this.last, new Int32Array(n));
    this.length = grow(this.length, new Int32Array(n));
    this.alive = grow(this.alive, new Uint8Array(n));
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(old: T, bigger: T): T {
  bigger.set(old as never);
  return bigger;
}
