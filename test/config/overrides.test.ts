/**
 * `--set stage.param=value` (src/config/overrides.ts): every kind of parameter the presets hold, and the errors
 * that keep a typo from silently making a new configuration.
 */
import { describe, it, expect } from 'vitest';
import { applyOverrides, ConfigOverrideError } from '../../src/config/overrides.js';
import { configHash, type AnatomyPipelineConfig, type PipelineConfig } from '../../src/config/pipelineConfig.js';
import { presets } from '../../pipeline.config.js';

function anatomy(c: PipelineConfig): AnatomyPipelineConfig {
  if (c.kind !== 'anatomy') throw new Error(`preset '${c.name}' is not of the anatomy kind`);
  return c;
}

const base = anatomy(presets.default);

describe('--set overrides', () => {
  it('sets numbers, booleans, strings and lists of numbers, leaving the preset itself alone', () => {
    const c = anatomy(applyOverrides(base, [
      'assemble.minComponentMl=20',
      'assemble.mainComponentsOnly=false',
      'biomarkers.zoneSplit=volume',
      'biomarkers.vesselSizeTestedSpacingMm=0.9,1.25',
      'assemble.lungVolumeRangeL=0.3,9.5',
    ]));
    expect(c.assemble.minComponentMl).toBe(20);
    expect(c.assemble.mainComponentsOnly).toBe(false);
    expect(c.biomarkers.zoneSplit).toBe('volume');
    expect(c.biomarkers.vesselSizeTestedSpacingMm).toEqual([0.9, 1.25]);
    expect(c.assemble.lungVolumeRangeL).toEqual([0.3, 9.5]);
    expect(base.biomarkers.vesselSizeTestedSpacingMm).toEqual([0.85, 1]);
    expect(configHash(c)).not.toBe(configHash(base));
    // Setting a list to the value it has changes nothing, hash included.
    expect(configHash(applyOverrides(base, ['biomarkers.vesselSizeTestedSpacingMm=0.85,1']))).toBe(configHash(base));
  });

  it('refuses a list of the wrong length, a non-number in it, or a pair that runs backwards', () => {
    const cases: [string, RegExp][] = [
      ['biomarkers.vesselSizeTestedSpacingMm=0.9', /expected 2 numbers separated by commas, like 0.85,1/],
      ['biomarkers.vesselSizeTestedSpacingMm=0.9,1,1.2', /expected 2 numbers/],
      ['biomarkers.vesselSizeTestedSpacingMm=0.9,', /'' is not a number/],
      ['biomarkers.vesselSizeTestedSpacingMm=0.9,one', /'one' is not a number/],
      ['assemble.lungVolumeRangeL=8,0.5', /first number must not exceed the second/],
    ];
    for (const [override, message] of cases) {
      expect(() => applyOverrides(base, [override]), override).toThrow(ConfigOverrideError);
      expect(() => applyOverrides(base, [override]), override).toThrow(message);
    }
  });

  it('refuses unknown stages and parameters, and values of the wrong type', () => {
    expect(() => applyOverrides(base, ['nosuch.param=1'])).toThrow(/has no stage 'nosuch'/);
    expect(() => applyOverrides(base, ['assemble.nosuch=1'])).toThrow(/has no parameter 'nosuch'/);
    expect(() => applyOverrides(base, ['assemble.minComponentMl=many'])).toThrow(/'many' is not a number/);
    expect(() => applyOverrides(base, ['assemble.mainComponentsOnly=yes'])).toThrow(/is not true or false/);
    expect(() => applyOverrides(base, ['assemble.minComponentMl'])).toThrow(/expected stage.param=value/);
  });
});
