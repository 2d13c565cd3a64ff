/** The library's face: a script can import the pieces the README names, and the presets are the CLI's. */
import { describe, expect, it } from 'vitest';
import * as lungflow from '../src/index.js';

describe('src/index.ts', () => {
  it('exports the runner, the presets, the reader, the stages and the phantom generator', () => {
    for (const name of ['runCohort', 'openNifti', 'writeNifti', 'findContours', 'analyseSlice', 'writePhantomCohort', 'configHash']) {
      expect(typeof (lungflow as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(lungflow.DEFAULT_PRESET).toBe('default');
    expect(Object.keys(lungflow.presets).sort()).toEqual(['default', 'seed']);
  });

  it('gives every preset a distinct, stable config hash', () => {
    const hashes = Object.values(lungflow.presets).map((p) => lungflow.configHash(p));
    expect(new Set(hashes).size).toBe(hashes.length);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(lungflow.configHash(lungflow.applyOverrides(lungflow.presets.default, []))).toBe(hashes[0]);
  });
});
