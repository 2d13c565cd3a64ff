/**
 * The pure rendering functions on tiny hand-made images; every expected value is worked out by hand in a comment.
 */
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { LUNG_WINDOW, toGrey } from '../../src/stages/window.js';
import { MEDIASTINUM_WINDOW, parseWindow } from '../../src/preview/displayWindow.js';
import { boundaryPixels, DEFAULT_COLOURS, overlay } from '../../src/preview/overlay.js';
import { toRadiological } from '../../src/preview/radiological.js';
import { renderSlice } from '../../src/preview/renderSlice.js';
import { montage } from '../../src/preview/montage.js';
import { encodePng } from '../../src/preview/writePng.js';
import type { RgbaImage } from '../../src/preview/rgbaImage.js';

/** [r, g, b] of pixel (column c, row r). */
function rgb(image: RgbaImage, c: number, r: number): number[] {
  const o = 4 * (r * image.width + c);
  return [image.data[o], image.data[o + 1], image.data[o + 2]];
}

function rows(mask: Uint8Array, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < mask.length; i += width) out.push([...mask.subarray(i, i + width)].join(''));
  return out;
}

function bits(lines: string[]): Uint8Array {
  return Uint8Array.from(lines.join('').split('').map(Number));
}

/** level 127.5, width 255: lo = 0 and 255/255 = 1 grey per HU, so grey = HU for 0..255. */
const IDENTITY = { level: 127.5, width: 255 };

describe('display windows', () => {
  it('maps the lung window -600/1500: -1350 HU and below to 0, 150 HU and above to 255, linear between', () => {
    // lo = -600 - 750 = -1350, 255/1500 = 0.17 grey per HU: -1050 → 300 × 0.17 = 51, -150 → 1200 × 0.17 = 204.
    const hu = Float32Array.from([-3000, -1350, -1050, -150, 150, 2000]);
    expect([...toGrey(LUNG_WINDOW, hu)]).toEqual([0, 0, 51, 204, 255, 255]);
  });

  it('maps the mediastinum window 40/400 and parses named and numeric windows', () => {
    // lo = 40 - 200 = -160, 255/400 = 0.6375: 0 HU → 160 × 0.6375 = 102, 80 HU → 240 × 0.6375 = 153.
    expect(parseWindow('mediastinum')).toEqual(MEDIASTINUM_WINDOW);
    expect([...toGrey(parseWindow('Mediastinum'), Float32Array.from([-160, 0, 80, 240]))]).toEqual([0, 102, 153, 255]);
    expect(parseWindow('lung')).toEqual(LUNG_WINDOW);
    expect(parseWindow(' -600 , 1500 ')).toEqual({ level: -600, width: 1500 });
    for (const bad of ['bone', '40', '40,0', '40,-5', '40,abc', ',400', '1,2,3']) expect(() => parseWindow(bad), bad).toThrow(/LEVEL,WIDTH/);
  });
});

describe('lung outline', () => {
  it('is the lung pixels with a 4-neighbour outside the lung', () => {
    const mask = bits(['00000', '01110', '01110', '01110', '00000']);
    // The centre (2,2) has all four neighbours in the lung; the other 8 pixels of the block each touch a 0.
    expect(rows(boundaryPixels(mask, 5, 5), 5)).toEqual(['00000', '01110', '01010', '01110', '00000']);
  });

  it('counts only 4-neighbours: a diagonal gap does not make a pixel boundary', () => {
    const mask = bits(['0111', '1111', '1111', '1111']);
    // (1,1): left (0,1)=1, right (2,1)=1, up (1,0)=1, down (1,2)=1 → inside, although (0,0) is out.
    // Everything on the image edge touches the outside of the image and is boundary.
    expect(rows(boundaryPixels(mask, 4, 4), 4)).toEqual(['0111', '1001', '1001', '1111']);
  });

  it('closes a lung at the image edge and outlines single pixels', () => {
    expect(rows(boundaryPixels(bits(['111', '111', '111']), 3, 3), 3)).toEqual(['111', '101', '111']);
    expect(rows(boundaryPixels(bits(['000', '010', '000']), 3, 3), 3)).toEqual(['000', '010', '000']);
  });
});

describe('overlay colours', () => {
  it('draws grey, tints vessels half red and draws the outline in pure green over a vessel', () => {
    // 3x3 lung, centre is a vessel and inside; (0,0) is a vessel on the boundary.
    const grey = Uint8Array.from([100, 100, 100, 100, 51, 100, 100, 100, 100]);
    const lung = bits(['111', '111', '111']);
    const vessels = bits(['100', '010', '000']);
    const image = overlay({ width: 3, height: 3, grey, lung, vessels });
    expect(DEFAULT_COLOURS).toEqual({ outline: [0, 255, 0], vessel: [255, 0, 0], vesselAlpha: 0.5 });
    // Centre: 51 × 0.5 + 255 × 0.5 = 153 red, 51 × 0.5 = 25.5 → 26 green and blue.
    expect(rgb(image, 1, 1)).toEqual([153, 26, 26]);
    // Boundary pixels are green whether or not they are vessels.
    expect(rgb(image, 0, 0)).toEqual([0, 255, 0]);
    expect(rgb(image, 2, 1)).toEqual([0, 255, 0]);
    expect(image.data[3]).toBe(255);
  });

  it('leaves pixels outside the lung grey and tints a vessel on grey 100 to (178, 50, 50)', () => {
    // 100 × 0.5 + 127.5 = 177.5 → 178; 100 × 0.5 = 50.
    const grey = Uint8Array.from([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 7]);
    const lung = bits(['00000', '01110', '01110', '01110', '00000']);
    const vessels = bits(['00000', '00000', '00100', '00000', '00000']);
    const image = overlay({ width: 5, height: 5, grey, lung, vessels });
    expect(rgb(image, 2, 2)).toEqual([178, 50, 50]);
    expect(rgb(image, 4, 4)).toEqual([7, 7, 7]);
    expect(rgb(image, 0, 0)).toEqual([100, 100, 100]);
    expect(rgb(image, 1, 1)).toEqual([0, 255, 0]);
  });
});

describe('the radiological view', () => {
  // A canonical 3x2 slice: x = 0..2 toward the patient's Right, y = 0..1 toward Anterior.
  //   y=0 (posterior): 10 20 30
  //   y=1 (anterior):  40 50 60
  const hu = Float32Array.from([10, 20, 30, 40, 50, 60]);

  it('mirrors x and y: right-anterior (x=2, y=1) is drawn top-left', () => {
    const image = renderSlice({ width: 3, height: 2, hu, lung: new Uint8Array(6), vessels: new Uint8Array(6) }, IDENTITY);
    // Top row = anterior (y=1) read from Right to Left: 60 50 40; bottom row = posterior: 30 20 10.
    const greys = [0, 1].map((r) => [0, 1, 2].map((c) => rgb(image, c, r)[0]));
    expect(greys).toEqual([[60, 50, 40], [30, 20, 10]]);
  });

  it('puts a lung on the patient\'s right (large x) on the left of the picture', () => {
    // Lung only at x = 2 (the patient's right side), both rows: every lung pixel is boundary → green.
    const lung = bits(['001', '001']);
    const image = renderSlice({ width: 3, height: 2, hu, lung, vessels: new Uint8Array(6) }, IDENTITY);
    expect(rgb(image, 0, 0)).toEqual([0, 255, 0]);
    expect(rgb(image, 0, 1)).toEqual([0, 255, 0]);
    expect(rgb(image, 2, 0)).toEqual([40, 40, 40]);
  });

  it('is a 180° turn: applying it twice gives the picture back', () => {
    const image = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i) };
    expect(toRadiological(toRadiological(image))).toEqual(image);
    // Pixel (c=0, r=0) of the result is the last pixel (x=2, y=1) of the input: bytes 20..23.
    expect([...toRadiological(image).data.subarray(0, 4)]).toEqual([20, 21, 22, 23]);
  });

  it('gives the same turn for pixels that do not start on a 4-byte boundary', () => {
    const bytes = Uint8Array.from({ length: 25 }, (_, i) => (i * 37) & 255);
    const unaligned = { width: 3, height: 2, data: bytes.subarray(1) };
    const aligned = { width: 3, height: 2, data: bytes.slice(1) };
    expect(toRadiological(unaligned)).toEqual(toRadiological(aligned));
  });
});

describe('montage and PNG', () => {
  it('puts pictures side by side, top-aligned, with a black gap', () => {
    const a = { width: 2, height: 1, data: Uint8Array.from([1, 1, 1, 255, 2, 2, 2, 255]) };
    const b = { width: 1, height: 2, data: Uint8Array.from([3, 3, 3, 255, 4, 4, 4, 255]) };
    const m = montage([a, b], 1);
    // Width 2 + 1 (gap) + 1 = 4, height max(1, 2) = 2.
    expect([m.width, m.height]).toEqual([4, 2]);
    expect([0, 1, 2, 3].map((c) => rgb(m, c, 0)[0])).toEqual([1, 2, 0, 3]);
    expect([0, 1, 2, 3].map((c) => rgb(m, c, 1)[0])).toEqual([0, 0, 0, 4]);
  });

  it('encodes a PNG that decodes to the same pixels', () => {
    const image = { width: 2, height: 2, data: Uint8Array.from([0, 255, 0, 255, 10, 20, 30, 255, 178, 50, 50, 255, 7, 7, 7, 255]) };
    const png = PNG.sync.read(encodePng(image));
    expect([png.width, png.height]).toEqual([2, 2]);
    expect([...png.data]).toEqual([...image.data]);
  });
});
