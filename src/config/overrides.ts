import { stagesOf, type PipelineConfig } from './pipelineConfig.js';

export class ConfigOverrideError extends Error {}

/**
 * Applies `stage.param=value` overrides (from `--set`) to a preset. Only existing parameters can be set, and the
 * value must parse to the parameter's current type (a list of numbers as `a,b`), so a typo fails loudly instead of
 * silently hashing a new config.
 */
export function applyOverrides(config: PipelineConfig, overrides: readonly string[]): PipelineConfig {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, Record<string, unknown>>;
  for (const override of overrides) {
    const match = /^([A-Za-z]+)\.([A-Za-z0-9]+)=(.*)$/.exec(override);
    if (!match) throw new ConfigOverrideError(`--set ${override}: expected stage.param=value, e.g. window.airBelowHu=-320`);
    const [, stage, param, raw] = match;
    const stages: readonly string[] = stagesOf(config);
    if (!stages.includes(stage)) {
      throw new ConfigOverrideError(`--set ${override}: preset '${config.name}' has no stage '${stage}' (stages: ${stages.join(', ')})`);
    }
    const params = copy[stage];
    if (!(param in params)) {
      throw new ConfigOverrideError(
        `--set ${override}: stage '${stage}' of preset '${config.name}' has no parameter '${param}' (has: ${Object.keys(params).join(', ')})`,
      );
    }
    params[param] = parseLike(params[param], raw, override);
  }
  return copy as unknown as PipelineConfig;
}

function parseLike(current: unknown, raw: string, override: string): unknown {
  if (Array.isArray(current) && current.every((v) => typeof v === 'number')) return parseNumbers(current, raw, override);
  switch (typeof current) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new ConfigOverrideError(`--set ${override}: '${raw}' is not a number`);
      return n;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new ConfigOverrideError(`--set ${override}: '${raw}' is not true or false`);
    case 'string':
      return raw;
    default:
      throw new ConfigOverrideError(`--set ${override}: this parameter cannot be set from the command line`);
  }
}

/**
 * A list of numbers as `a,b`, as many as the preset's. Every list in the presets is a range or a pair of limits
 * from finer to coarser, so a pair must not run backwards.
 */
function parseNumbers(current: readonly number[], raw: string, override: string): number[] {
  const parts = raw.split(',');
  const example = current.join(',');
  if (parts.length !== current.length) {
    throw new ConfigOverrideError(`--set ${override}: expected ${current.length} numbers separated by commas, like ${example}`);
  }
  const values = parts.map((p) => {
    const n = Number(p);
    if (p.trim() === '' || !Number.isFinite(n)) throw new ConfigOverrideError(`--set ${override}: '${p}' is not a number (expected ${current.length} numbers, like ${example})`);
    return n;
  });
  if (values.length === 2 && values[0] > values[1]) {
    throw new ConfigOverrideError(`--set ${override}: the first number must not exceed the second (like ${example})`);
  }
  return values;
}
