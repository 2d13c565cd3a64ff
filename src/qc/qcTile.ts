import { boundaryPixels } from '../preview/overlay.js';
import { toRadiological } from '../preview/radiological.js';
import type { Rgb, RgbaImage } from '../preview/rgbaImage.js';

/** One canonical slice (x toward the patient's Right, y toward Anterior) and its masks, all width × height. */
export interface QcTileLayers {
  readonly width: number;
  readonly height: number;
  /** 8-bit grey of the CT through the display window. */
  readonly grey: Uint8Array;
  readonly lung: Uint8Array;
  readonly vessels: Uint8Array;
  /**
   * The body midline (canonical x) that splits the lungs into left and right, as the default preset splits them;
   * null when the preset does not separate them (the lung then has one colour).
   */
  readonly midlineX: number | null;
}

/** Right lung green, left lung blue (outline solid, inside lightly tinted), vessels red, one colour for both. */
export const QC_COLOURS = { right: [0, 230, 0] as Rgb, left: [40, 150, 255] as Rgb, lung: [255, 220, 0] as Rgb, vessels: [255, 30, 30] as Rgb };
const FILL_ALPHA = 0.18;
const VESSEL_ALPHA = 0.7;

/** The QC picture of one slice, in the radiological view (patient's right on the image's left, anterior up). */
export function renderQcTile(t: QcTileLayers): RgbaImage {
  const { width, height, grey, lung, vessels, midlineX } = t;
  const edge = boundaryPixels(lung, width, height);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const g = grey[i];
      const o = 4 * i;
      let r = g, gg = g, b = g;
      if (lung[i]) {
        const c = midlineX === null ? QC_COLOURS.lung : x > midlineX ? QC_COLOURS.right : QC_COLOURS.left;
        const a = edge[i] ? 1 : vessels[i] ? 0 : FILL_ALPHA;
        const v = vessels[i] && !edge[i] ? QC_COLOURS.vessels : c;
        const alpha = vessels[i] && !edge[i] ? VESSEL_ALPHA : a;
        r = mix(g, v[0], alpha); gg = mix(g, v[1], alpha); b = mix(g, v[2], alpha);
      } else if (vessels[i]) {
        r = mix(g, QC_COLOURS.vessels[0], VESSEL_ALPHA); gg = mix(g, QC_COLOURS.vessels[1], VESSEL_ALPHA); b = mix(g, QC_COLOURS.vessels[2], VESSEL_ALPHA);
      }
      data[o] = r; data[o + 1] = gg; data[o + 2] = b; data[o + 3] = 255;
    }
  }
  return toRadiological({ width, height, data });
}

function mix(under: number, over: number, alpha: number): number {
  return Math.round(under * (1 - alpha) + over * alpha);
}
