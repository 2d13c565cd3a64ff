/**
 * Keeps the newest instance of a class made once per scan alive until the next one replaces it.
 *
 * V8 reaches an instance's hidden class (its map) from the class only through weak transitions: once no instance
 * is left, a full collection may clear that map, the next instance gets a new one, and every optimized function
 * that checked the old map is thrown away ("deoptimizing … reason: weak objects") and compiled again. Each scan
 * boundary in a worker is such a collection (scanBoundaryGc.ts), so the vessel sizer's loops, the HU tallies and
 * the union-find were recompiled on V8's background threads, and ran unoptimized meanwhile, scan after scan
 * (9 scans of 512x512x300, --workers 1: 122 such deoptimizations, 46 with these classes kept, all of them on the
 * main thread; 1,277-1,340 against 1,237-1,255 CPU ms per scan, alternating). The main thread collects at scan
 * boundaries too: its DuckDB appender and histogram data chunk are kept the same way (35 deoptimizations of the
 * appending code over 9 scans, then none).
 */
const newest = new Map<abstract new (...args: never[]) => object, object>();

export function keepShapeAlive<T extends object>(instance: T): T {
  newest.set(instance.constructor as abstract new (...args: never[]) => object, instance);
  return instance;
}
