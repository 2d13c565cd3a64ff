/** The library's face: a script can import the pieces the README names, and the presets are the CLI's. */
import { describe, expect, it } from 'vitest';
import * as lungflow from '../src/index.js';
import { DEFAULT_ANATOMY_PARAMS } from '../src/stages/anatomy.js';
import { DEFAULT_ASSEMBLE_PARAMS } from '../src/volume/assembleScan.js';

describe('src/index.ts', () => {
  it('exports the runner, the presets, the reader, the stages and the phantom generator', () => {
    for (const name of ['runCohort', 'openNifti', 'writeNifti', 'findContours', 'analyseSlice', 'writePhantomCohort', 'configHash']) {
      expect(typeof (lungflow as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(lungflow.DEFAULT_PRESET).toBe('default');
    expect(Object.keys(lungflow.presets).sort()).toEqual(['default', 'seed']);
  });

  it("keeps the default preset's values and the stages' documented defaults the same", () => {
    const p = lungflow.presets.default;
    if (p.kind !== 'anatomy') throw new Error('default preset is not of the anatomy kind');
    expect(p.anatomy).toEqual(DEFAULT_ANATOMY_PARAMS);
    expect(p.assemble).toEqual(DEFAULT_ASSEMBLE_PARAMS);
  });

  it('gives every preset a distinct, stable config hash', () => {
    const hashes = Object.values(lungflow.presets).map((p) => lungflow.configHash(p));
    expect(new Set(hashes).size).toBe(hashes.length);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(lungflow.configHash(lungflow.applyOverrides(lungflow.presets.default, []))).toBe(hashes[0]);
  });
});
