/** The `default` preset in pipeline.config.ts and the DEFAULT_* constants that tests and benches use are one set. */
import { describe, it, expect } from 'vitest';
import { defaultPreset } from '../../pipeline.config.js';
import { DEFAULT_ANATOMY_PARAMS } from '../../src/stages/anatomy.js';
import { DEFAULT_ASSEMBLE_PARAMS } from '../../src/volume/assembleScan.js';

describe('default preset parameters', () => {
  it('equal DEFAULT_ANATOMY_PARAMS and DEFAULT_ASSEMBLE_PARAMS', () => {
    expect({ ...defaultPreset.anatomy }).toEqual({ ...DEFAULT_ANATOMY_PARAMS });
    expect(JSON.parse(JSON.stringify(defaultPreset.assemble))).toEqual(JSON.parse(JSON.stringify(DEFAULT_ASSEMBLE_PARAMS)));
  });
});
