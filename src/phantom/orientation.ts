/**
 * Axis codes (nibabel's convention): letter a says toward which patient direction stored voxel axis a increases.
 * 'RAS' is the canonical frame itself; 'LPS' flips x and y; 'ASR' stores y first, z second, x last.
 */

/** Canonical axis 0 = x (toward Right), 1 = y (toward Anterior), 2 = z (toward Superior). */
export type CanonicalAxis = 0 | 1 | 2;

export interface Orientation {
  /** Upper-case code, e.g. 'LPS'. */
  readonly code: string;
  /** For stored axis a: the canonical axis it runs along and whether it runs against it (L, P or I). */
  readonly axes: readonly { readonly canonical: CanonicalAxis; readonly flipped: boolean }[];
  /** For canonical axis c: the stored axis that runs along it. */
  readonly storedAxisOf: readonly [number, number, number];
}

const LETTERS: Record<string, { canonical: CanonicalAxis; flipped: boolean }> = {
  R: { canonical: 0, flipped: false }, L: { canonical: 0, flipped: true },
  A: { canonical: 1, flipped: false }, P: { canonical: 1, flipped: true },
  S: { canonical: 2, flipped: false }, I: { canonical: 2, flipped: true },
};

export function parseOrientation(code: string): Orientation {
  const upper = code.trim().toUpperCase();
  if (upper.length !== 3) throw new RangeError(`orientation must be 3 axis letters like LPS or RAS, got '${code}'`);
  const axes = [...upper].map((ch) => {
    const a = LETTERS[ch];
    if (!a) throw new RangeError(`orientation '${code}': '${ch}' is not one of R L A P S I`);
    return a;
  });
  const storedAxisOf: [number, number, number] = [-1, -1, -1];
  axes.forEach((a, i) => {
    if (storedAxisOf[a.canonical] !== -1) {
      throw new RangeError(`orientation '${code}' names the same direction twice (each of R/L, A/P, S/I once)`);
    }
    storedAxisOf[a.canonical] = i;
  });
  return { code: upper, axes, storedAxisOf };
}

/** Stored dims and spacing from the canonical ones. */
export function storedGeometry(
  o: Orientation, canonicalShape: readonly number[], canonicalSpacing: readonly number[],
): { dims: [number, number, number]; pixdim: [number, number, number] } {
  const dims = o.axes.map((a) => canonicalShape[a.canonical]) as [number, number, number];
  const pixdim = o.axes.map((a) => canonicalSpacing[a.canonical]) as [number, number, number];
  return { dims, pixdim };
}

/**
 * Row-major 4×4 voxel → world (RAS mm) affine for the stored array. The canonical grid is centred on the world
 * origin: canonical voxel c along axis d sits at (c - (n_d - 1) / 2) * spacing_d.
 */
export function storedAffine(
  o: Orientation, canonicalShape: readonly number[], canonicalSpacing: readonly number[],
): number[] {
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  o.axes.forEach((a, col) => {
    const d = a.canonical;
    const half = ((canonicalShape[d] - 1) / 2) * canonicalSpacing[d];
    m[d * 4 + col] = a.flipped ? -canonicalSpacing[d] : canonicalSpacing[d];
    m[d * 4 + 3] = a.flipped ? half : -half;
  });
  return m;
}

/**
 * For each canonical axis, the offset into the stored array contributed by canonical index c
 * (stored linear index = offX[i] + offY[j] + offZ[k]).
 */
export function canonicalOffsets(o: Orientation, canonicalShape: readonly number[]): [Float64Array, Float64Array, Float64Array] {
  const dims = o.axes.map((a) => canonicalShape[a.canonical]);
  const strides = [1, dims[0], dims[0] * dims[1]];
  return [0, 1, 2].map((d) => {
    const n = canonicalShape[d];
    const axis = o.storedAxisOf[d];
    const { flipped } = o.axes[axis];
    const off = new Float64Array(n);
    for (let c = 0; c < n; c++) off[c] = (flipped ? n - 1 - c : c) * strides[axis];
    return off;
  }) as [Float64Array, Float64Array, Float64Array];
}

/** The stored index along the axial (z) voxel axis of canonical slice k. */
export function storedSliceIndex(o: Orientation, nz: number, k: number): number {
  return o.axes[o.storedAxisOf[2]].flipped ? nz - 1 - k : k;
}

/** Copies a stored volume back into canonical RAS order (x fastest); for tests and cross-checks. */
export function toCanonical<T extends { length: number; [i: number]: number }>(
  stored: ArrayLike<number>, o: Orientation, canonicalShape: readonly [number, number, number], out: T,
): T {
  const [offX, offY, offZ] = canonicalOffsets(o, canonicalShape);
  const [nx, ny, nz] = canonicalShape;
  let p = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const base = offY[j] + offZ[k];
      for (let i = 0; i < nx; i++) out[p++] = stored[base + offX[i]];
    }
  }
  return out;
}
