import { ContourAssembler } from './contourAssembly.js';
import type { BinaryImage, Contour } from './types.js';

export interface ContourParams {
  /** Iso-level between the image's 0 and 1 (the tutorial uses 0.95). */
  readonly level: number;
  /** Which side is 8-connected at a saddle: skimage's `fully_connected` ('low' in the tutorial). */
  readonly fullyConnected: 'low' | 'high';
}

/**
 * skimage `measure.find_contours(image, level, fully_connected, positive_orientation='low')` on a 0/1 image
 * (any non-zero pixel counts as 1), with skimage's "row" = x and "col" = y: the same contours in the same
 * order, the same points in the same order, computed with the same float64 operations.
 *
 * Squares are visited like skimage's (x outer, y inner) and each segment is handed straight to the
 * assembler, which is what skimage does with its list of segments. Linear in the number of pixels.
 */
export function findContours(params: ContourParams, image: BinaryImage): Contour[] {
  const { width: w, height: h, data } = image;
  if (w < 2 || h < 2) throw new RangeError(`findContours: image must be at least 2x2, got ${w}x${h}`);
  const level = params.level;
  // With 0/1 values no edge is crossed unless 0 <= level < 1 (a NaN level crosses nothing either).
  if (!(level >= 0 && level < 1)) return [];

  // skimage's _get_fraction(from, to) on a crossed edge: (level - from) / (to - from).
  const up = (level - 0) / (1 - 0); // from a 0-pixel towards a 1-pixel
  const down = (level - 1) / (0 - 1); // from a 1-pixel towards a 0-pixel
  assertVerticesOffCentres(up, down, Math.max(w, h));

  const highDiagonals = params.fullyConnected === 'high';
  const hEdges = 0; // key of the edge (x, y)-(x, y+1) is hEdges + x + y*w
  const vEdges = w * h; // key of the edge (x, y)-(x+1, y) is vEdges + x + y*w
  const asm = new ContourAssembler(2 * w * h, 4096);

  for (let r0 = 0; r0 < w - 1; r0++) {
    const r1 = r0 + 1;
    let ur = data[r0] !== 0 ? 1 : 0;
    let lr = data[r1] !== 0 ? 1 : 0;
    for (let c0 = 0; c0 < h - 1; c0++) {
      const c1 = c0 + 1;
      const ul = ur;
      const ll = lr;
      ur = data[r0 + c1 * w] !== 0 ? 1 : 0;
      lr = data[r1 + c1 * w] !== 0 ? 1 : 0;
      const squareCase = ul | (ur << 1) | (ll << 2) | (lr << 3);
      if (squareCase === 0 || squareCase === 15) continue;

      // The four possible vertices; only those on crossed edges are used.
      const topKey = hEdges + r0 + c0 * w;
      const topY = c0 + (ul === 1 ? down : up);
      const bottomKey = hEdges + r1 + c0 * w;
      const bottomY = c0 + (ll === 1 ? down : up);
      const leftKey = vEdges + r0 + c0 * w;
      const leftX = r0 + (ul === 1 ? down : up);
      const rightKey = vEdges + r0 + c1 * w;
      const rightX = r0 + (ur === 1 ? down : up);

      switch (squareCase) {
        case 1: // top -> left
          asm.addSegment(topKey, r0, topY, leftKey, leftX, c0);
          break;
        case 2: // right -> top
          asm.addSegment(rightKey, rightX, c1, topKey, r0, topY);
          break;
        case 3: // right -> left
          asm.addSegment(rightKey, rightX, c1, leftKey, leftX, c0);
          break;
        case 4: // left -> bottom
          asm.addSegment(leftKey, leftX, c0, bottomKey, r1, bottomY);
          break;
        case 5: // top -> bottom
          asm.addSegment(topKey, r0, topY, bottomKey, r1, bottomY);
          break;
        case 6: // saddle: ur and ll set
          if (highDiagonals) {
            asm.addSegment(leftKey, leftX, c0, topKey, r0, topY);
            asm.addSegment(rightKey, rightX, c1, bottomKey, r1, bottomY);
          } else {
            asm.addSegment(rightKey, rightX, c1, topKey, r0, topY);
            asm.addSegment(leftKey, leftX, c0, bottomKey, r1, bottomY);
          }
          break;
        case 7: // right -> bottom
          asm.addSegment(rightKey, rightX, c1, bottomKey, r1, bottomY);
          break;
        case 8: // bottom -> right
          asm.addSegment(bottomKey, r1, bottomY, rightKey, rightX, c1);
          break;
        case 9: // saddle: ul and lr set
          if (highDiagonals) {
            asm.addSegment(topKey, r0, topY, rightKey, rightX, c1);
            asm.addSegment(bottomKey, r1, bottomY, leftKey, leftX, c0);
          } else {
            asm.addSegment(topKey, r0, topY, leftKey, leftX, c0);
            asm.addSegment(bottomKey, r1, bottomY, rightKey, rightX, c1);
          }
          break;
        case 10: // bottom -> top
          asm.addSegment(bottomKey, r1, bottomY, topKey, r0, topY);
          break;
        case 11: // bottom -> left
          asm.addSegment(bottomKey, r1, bottomY, leftKey, leftX, c0);
          break;
        case 12: // left -> right
          asm.addSegment(leftKey, leftX, c0, rightKey, rightX, c1);
          break;
        case 13: // top -> right
          asm.addSegment(topKey, r0, topY, rightKey, rightX, c1);
          break;
        case 14: // left -> top
          asm.addSegment(leftKey, leftX, c0, topKey, r0, topY);
          break;
      }
    }
  }
  return asm.contours().map((xy) => ({ xy }));
}

/**
 * Naming a vertex by its edge is only faithful while no vertex lands exactly on a pixel centre; there
 * skimage would merge vertices of different edges (its dict keys are the float coordinates). That happens
 * only for a level of 0 or one within ~1e-13 of 0 or 1, which no preset uses: refuse it loudly.
 */
function assertVerticesOffCentres(up: number, down: number, maxCoord: number): void {
  for (const f of [up, down]) {
    if (!(f > 0 && f < 1) || maxCoord + f === maxCoord || maxCoord + f === maxCoord + 1) {
      throw new RangeError(`findContours: level puts contour vertices on pixel centres (fraction ${f}); use 0 < level < 1 away from 0 and 1`);
    }
  }
}
