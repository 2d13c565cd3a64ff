/** A typed array of any element type (not DataView). */
type AnyTypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

type Slot = { readonly owner: Record<string | number, unknown>; readonly key: string | number; readonly array: AnyTypedArray };

/**
 * Moves every typed array reachable from `root` (through plain objects and arrays) into one ArrayBuffer, each
 * replaced in place by a view of the same type and contents; returns that buffer, or null when there was none.
 *
 * A scan's results hold thousands of small arrays (runs of each candidate region and island): cloned to the main
 * thread one by one, each became an allocation of its own there. Views of one buffer are cloned as that buffer
 * once, and with it in the transfer list, not copied at all.
 */
export function packTypedArrays(root: object): ArrayBuffer | null {
  const slots: Slot[] = [];
  collect(root, slots, new Set());
  if (slots.length === 0) return null;
  let bytes = 0;
  for (const s of slots) bytes = align8(bytes) + s.array.byteLength;
  const buffer = new ArrayBuffer(align8(bytes));
  let offset = 0;
  for (const { owner, key, array } of slots) {
    offset = align8(offset);
    const Ctor = array.constructor as new (b: ArrayBuffer, o: number, n: number) => AnyTypedArray;
    const view = new Ctor(buffer, offset, array.length);
    view.set(array as never);
    owner[key] = view;
    offset += array.byteLength;
  }
  return buffer;
}

function collect(node: unknown, slots: Slot[], seen: Set<object>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const owner = node as Record<string | number, unknown>;
  const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  for (const key of keys) {
    const value = owner[key];
    if (ArrayBuffer.isView(value)) {
      if (!(value instanceof DataView)) slots.push({ owner, key, array: value as AnyTypedArray });
    } else if (value !== null && typeof value === 'object' && isPlain(value)) {
      collect(value, slots, seen);
    }
  }
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
