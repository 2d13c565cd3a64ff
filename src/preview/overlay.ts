import type { Rgb, RgbaImage } from './rgbaImage.js';

export interface OverlayColours {
  /** Lung boundary pixels. */
  readonly outline: Rgb;
  /** Vessel pixels are blended toward this colour ... */
  readonly vessel: Rgb;
  /** ... by this much (0 = not at all, 1 = solid). */
  readonly vesselAlpha: number;
}

/** Pure green outline (never a grey or a red-tinted grey, so it can be found in the picture) and a half red tint. */
export const DEFAULT_COLOURS: OverlayColours = { outline: [0, 255, 0], vessel: [255, 0, 0], vesselAlpha: 0.5 };

/**
 * 1 where a mask pixel is set and at least one of its 4 neighbours (left, right, up, down) is not; a neighbour
 * beyond the image edge counts as outside, so a mask touching the edge is closed there.
 */
export function boundaryPixels(mask: Uint8Array, width: number, height: number): Uint8Array {
  if (mask.length !== width * height) throw new RangeError(`mask holds ${mask.length} pixels, not ${width}x${height}`);
  const out = new Uint8Array(mask.length);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!mask[i]) continue;
      const inside =
        x > 0 && mask[i - 1] !== 0 &&
        x < width - 1 && mask[i + 1] !== 0 &&
        y > 0 && mask[i - width] !== 0 &&
        y < height - 1 && mask[i + width] !== 0;
      if (!inside) out[i] = 1;
    }
  }
  return out;
}

export interface OverlayLayers {
  readonly width: number;
  readonly height: number;
  /** 8-bit grey of the CT (see toGrey). */
  readonly grey: Uint8Array;
  /** 0/1 masks on the same grid. */
  readonly lung: Uint8Array;
  readonly vessels: Uint8Array;
}

/** Grey CT, vessels tinted, lung boundary drawn over everything; same pixel grid as the layers. */
export function overlay(layers: OverlayLayers, colours: OverlayColours = DEFAULT_COLOURS): RgbaImage {
  const { width, height, grey, lung, vessels } = layers;
  const n = width * height;
  if (grey.length !== n || lung.length !== n || vessels.length !== n) {
    throw new RangeError(`overlay layers must all hold ${width}x${height} pixels (grey ${grey.length}, lung ${lung.length}, vessels ${vessels.length})`);
  }
  const edge = boundaryPixels(lung, width, height);
  const a = colours.vesselAlpha;
  const data = new Uint8Array(n * 4);
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const g = grey[i];
    let rgb: Rgb = [g, g, g];
    if (edge[i]) rgb = colours.outline;
    else if (vessels[i]) rgb = [blend(g, colours.vessel[0], a), blend(g, colours.vessel[1], a), blend(g, colours.vessel[2], a)];
    data[o] = rgb[0];
    data[o + 1] = rgb[1];
    data[o + 2] = rgb[2];
    data[o + 3] = 255;
  }
  return { width, height, data };
}

function blend(under: number, over: number, alpha: number): number {
  return Math.round(under * (1 - alpha) + over * alpha);
}
