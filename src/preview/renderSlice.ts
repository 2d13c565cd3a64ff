import { toGrey, type DisplayWindow } from '../stages/window.js';
import { DEFAULT_COLOURS, overlay, type OverlayColours } from './overlay.js';
import { toRadiological } from './radiological.js';
import type { RgbaImage } from './rgbaImage.js';

export interface CanonicalSliceLayers {
  readonly width: number;
  readonly height: number;
  /** HU of the canonical slice (x toward Right, y toward Anterior). */
  readonly hu: Float32Array;
  /** 0/1 lung and vessel masks of the same slice, read the same way. */
  readonly lung: Uint8Array;
  readonly vessels: Uint8Array;
}

/** One preview picture: CT through the display window, vessels tinted, lung outlined, in the radiological view. */
export function renderSlice(layers: CanonicalSliceLayers, window: DisplayWindow, colours: OverlayColours = DEFAULT_COLOURS): RgbaImage {
  const grey = toGrey(window, layers.hu);
  return toRadiological(overlay({ width: layers.width, height: layers.height, grey, lung: layers.lung, vessels: layers.vessels }, colours));
}
