/** `--shard auto`: the share of one array-job task, from Slurm's, Kubernetes' or AWS Batch's variables. */
import { describe, expect, it } from 'vitest';
import { dbPathForShard, shardFromEnvironment } from '../../src/pipeline/shardFromEnv.js';

const auto = (env: Record<string, string>, count: number | null = null) => shardFromEnvironment(env, count);

describe('--shard auto', () => {
  it('Slurm: from MIN/MAX (any start, any step) or from COUNT', () => {
    expect(auto({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 3, count: 4 });
    expect(auto({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '7' })).toEqual({ index: 1, count: 8 });
    expect(auto({ SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '9', SLURM_ARRAY_TASK_STEP: '2' })).toEqual({ index: 4, count: 5 });
    expect(auto({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 2, count: 4 });
    expect(() => auto({ SLURM_ARRAY_TASK_ID: '2' })).toThrow(/SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN\/MAX/);
    expect(() => auto({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4', SLURM_ARRAY_TASK_COUNT: '3' })).toThrow(/disagrees/);
  });

  it('Kubernetes Indexed Job and AWS Batch: a 0-based index, the count from --shard-count or LUNGFLOW_SHARD_COUNT', () => {
    expect(auto({ JOB_COMPLETION_INDEX: '0' }, 4)).toEqual({ index: 1, count: 4 });
    expect(auto({ JOB_COMPLETION_INDEX: '3', LUNGFLOW_SHARD_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(auto({ AWS_BATCH_JOB_ARRAY_INDEX: '2', LUNGFLOW_SHARD_COUNT: '3' })).toEqual({ index: 3, count: 3 });
    expect(() => auto({ AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toThrow(/--shard-count N or LUNGFLOW_SHARD_COUNT/);
    expect(() => auto({ JOB_COMPLETION_INDEX: '4', LUNGFLOW_SHARD_COUNT: '4' })).toThrow(/outside 1\.\.4/);
    expect(() => auto({ JOB_COMPLETION_INDEX: 'x', LUNGFLOW_SHARD_COUNT: '4' })).toThrow(/not a whole number/);
  });

  it('nothing set, or sources that disagree: one clear line', () => {
    expect(() => auto({})).toThrow(/no array-job index in the environment \(looked for SLURM_ARRAY_TASK_ID/);
    expect(() => auto({ JOB_COMPLETION_INDEX: '0', AWS_BATCH_JOB_ARRAY_INDEX: '1', LUNGFLOW_SHARD_COUNT: '2' })).toThrow(/Kubernetes says shard 1\/2 but AWS Batch says 2\/2/);
    expect(() => auto({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' }, 3)).toThrow(/Slurm says shard 1\/4 but the shard count given says 1\/3/);
    expect(() => auto({ JOB_COMPLETION_INDEX: '0', LUNGFLOW_SHARD_COUNT: '3' }, 4)).toThrow(/disagree/);
    // Two sources that agree are fine.
    expect(auto({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '2', JOB_COMPLETION_INDEX: '1', LUNGFLOW_SHARD_COUNT: '2' })).toEqual({ index: 2, count: 2 });
  });

  it('--db {shard} becomes the 1-based index; without a shard it is an error', () => {
    expect(dbPathForShard('results/part-{shard}.duckdb', { index: 3, count: 4 })).toBe('results/part-3.duckdb');
    expect(dbPathForShard('plain.duckdb', null)).toBe('plain.duckdb');
    expect(() => dbPathForShard('part-{shard}.duckdb', null)).toThrow(/placeholder but no --shard/);
  });
});
