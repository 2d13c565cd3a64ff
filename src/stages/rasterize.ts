import { fillPillowPolygon, outlinePixels, truncateVertices, type PillowCanvas, type PixelList } from './rasterizePillow.js';
import { fillPolygonCentres } from './rasterizeCentre.js';
import type { BinaryImage, Contour } from './types.js';

export type RasterizeParams =
  /** The tutorial's `create_mask_from_polygon`: Pillow 9.4 `polygon(fill=1, outline=0)` per contour, unioned. */
  | { readonly rule: 'pillow'; readonly eraseOutline: boolean }
  /** Pixel (x, y) is set iff the point (x, y) lies strictly inside a polygon (even-odd), unioned. */
  | { readonly rule: 'pixel-centre' };

/**
 * Polygons to a 0/1 mask of `width` x `height` (pixel (x, y) at `x + y * width`). Each polygon is drawn as if on
 * its own canvas and the canvases are OR-ed, so an erased outline of one polygon never erases another's fill.
 * Work per polygon is linear in its vertices plus the rows and pixels of its bounding box.
 */
export function rasterizePolygons(
  params: RasterizeParams,
  polygons: readonly Contour[],
  width: number,
  height: number,
): BinaryImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0)) {
    throw new RangeError(`rasterizePolygons: bad size ${width}x${height}`);
  }
  const data = new Uint8Array(width * height);
  const out: BinaryImage = { width, height, data };
  if (width === 0 || height === 0) return out;
  if (params.rule === 'pixel-centre') {
    for (const p of polygons) fillPolygonCentres(p.xy, width, height, data);
    return out;
  }
  const canvas: PillowCanvas = { data, width, height };
  const outline: PixelList = { indices: new Int32Array(0), length: 0 };
  let saved = new Uint8Array(0);
  for (const p of polygons) {
    const ixy = truncateVertices(p.xy);
    const count = ixy.length >> 1;
    // Python's draw_polygon raises for fewer than 2 points (the tutorial would crash); draw nothing.
    if (count < 2) continue;
    if (!params.eraseOutline) {
      fillPillowPolygon(ixy, count, canvas, 1);
      continue;
    }
    // On its own canvas the polygon is fill minus outline, so OR-ed into the union the outline pixels keep
    // whatever the union held before: remember them, fill, put them back.
    outline.length = 0;
    outlinePixels(ixy, count, canvas, outline);
    if (saved.length < outline.length) saved = new Uint8Array(outline.indices.length);
    for (let i = 0; i < outline.length; i++) saved[i] = data[outline.indices[i]];
    fillPillowPolygon(ixy, count, canvas, 1);
    for (let i = 0; i < outline.length; i++) data[outline.indices[i]] = saved[i];
  }
  return out;
}
