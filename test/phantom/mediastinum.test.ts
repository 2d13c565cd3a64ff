/**
 * The phantom's mediastinum and hila: great vessels, airways and the hilar roots lie in the mediastinum, joined to
 * it, never inside a lung; the lobar vessels and bronchi at the hila are outside the lung, which begins where their
 * branches leave the root.
 */
import { describe, it, expect } from 'vitest';
import { generatePhantomWithLabels, isLung, type PhantomOptions } from '../../src/phantom/index.js';
import { buildAnatomy } from '../../src/phantom/buildAnatomy.js';
import { capsule, capsuleRowInterval, segmentDist2 } from '../../src/phantom/capsule.js';
import { lungSideAt } from '../../src/phantom/lungShape.js';
import { mulberry32 } from '../../src/phantom/random.js';

describe('capsuleRowInterval', () => {
  it('is the set of x on the row within r of the axis segment (against a fine scan)', () => {
    const rnd = mulberry32(7);
    const u = (lo: number, hi: number) => lo + (hi - lo) * rnd();
    for (let t = 0; t < 300; t++) {
      // Random capsules, including ones along x, along y/z and degenerate (a sphere).
      const a = [u(-20, 20), u(-20, 20), u(-20, 20)];
      const kind = t % 4;
      const b = kind === 0 ? [a[0] + u(-30, 30), a[1], a[2]] : kind === 1 ? [...a] : [u(-20, 20), u(-20, 20), u(-20, 20)];
      const c = capsule(a, b, u(1, 8));
      const y = u(-25, 25), z = u(-25, 25);
      const iv = capsuleRowInterval(c, y, z, c.r);
      let lo = Infinity, hi = -Infinity;
      for (let x = -80; x <= 80; x += 0.01) {
        if (segmentDist2(c, x, y, z) <= c.r * c.r) {
          if (x < lo) lo = x;
          hi = x;
        }
      }
      if (lo > hi) expect(iv === null || iv[1] - iv[0] < 0.02, `capsule ${t}`).toBe(true);
      else {
        expect(iv, `capsule ${t}`).not.toBeNull();
        expect(Math.abs(iv![0] - lo), `capsule ${t}`).toBeLessThan(0.011);
        expect(Math.abs(iv![1] - hi), `capsule ${t}`).toBeLessThan(0.011);
      }
    }
  });
});

describe('phantom mediastinum', () => {
  const opts: PhantomOptions = { shape: [128, 112, 64], spacingMm: [2.75, 2.75, 4.2], seed: 31, orientation: 'RAS', arms: true };

  it('never lets a lung enclose non-lung in a slice, except the diaphragm domes under the bases', () => {
    for (const seed of [31, 32, 33]) {
      const o = { ...opts, seed };
      const { labels } = generatePhantomWithLabels(o);
      const a = buildAnatomy({ shape: o.shape, spacingMm: o.spacingMm, seed, noiseHu: 20, arms: true, table: true, coverage: 'full' });
      const [W, H, Z] = o.shape;
      const domeTop = Math.max(a.lungs[0].domeTop, a.lungs[1].domeTop);
      const enclosedAboveDomes: string[] = [];
      let slicesWithLung = 0;
      for (let k = 0; k < Z; k++) {
        const base = k * W * H;
        const notLung = (i: number) => !isLung(labels[base + i]);
        // Non-lung reachable from the border (4-connected) is not enclosed; whatever non-lung is left is.
        const reached = new Uint8Array(W * H);
        const queue: number[] = [];
        const visit = (i: number) => {
          if (!reached[i] && notLung(i)) { reached[i] = 1; queue.push(i); }
        };
        for (let x = 0; x < W; x++) { visit(x); visit((H - 1) * W + x); }
        for (let y = 0; y < H; y++) { visit(y * W); visit(y * W + W - 1); }
        while (queue.length > 0) {
          const i = queue.pop()!;
          const x = i % W;
          if (x > 0) visit(i - 1);
          if (x < W - 1) visit(i + 1);
          if (i >= W) visit(i - W);
          if (i < (H - 1) * W) visit(i + W);
        }
        let hasLung = false;
        for (let i = 0; i < W * H; i++) {
          if (!notLung(i)) hasLung = true;
          else if (!reached[i] && (k + 0.5) * o.spacingMm[2] > domeTop) enclosedAboveDomes.push(`seed ${seed} slice ${k} pixel ${i % W},${Math.floor(i / W)}`);
        }
        if (hasLung) slicesWithLung++;
      }
      expect(slicesWithLung).toBeGreaterThan(30);
      expect(enclosedAboveDomes.slice(0, 5)).toEqual([]);
    }
  });

  it('puts the first segment of every bronchial and vessel tree in the hilar root, outside the lung', () => {
    const a = buildAnatomy({ shape: opts.shape, spacingMm: opts.spacingMm, seed: 31, noiseHu: 20, arms: true, table: true, coverage: 'full' });
    // One bronchial tree and seven vessel trees per side.
    expect(a.lungRoots.length).toBe(16);
    for (const { tube } of a.lungRoots) {
      for (const f of [0, 0.5, 1]) {
        const p = [tube.ax + f * (tube.bx - tube.ax), tube.ay + f * (tube.by - tube.ay), tube.az + f * (tube.bz - tube.az)];
        expect(lungSideAt(a, p[0], p[1], p[2])).toBe(0);
      }
    }
    // Their branches do reach into the lungs.
    const inLung = a.vessels.filter((v) => lungSideAt(a, (v.ax + v.bx) / 2, (v.ay + v.by) / 2, (v.az + v.bz) / 2) !== 0);
    expect(inLung.length).toBeGreaterThan(a.vessels.length / 2);
  });
});
