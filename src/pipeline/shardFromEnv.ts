import type { Shard } from './shard.js';

/** Where `--shard auto` found its index: one scheduler's array-job variables. */
interface Found {
  readonly scheduler: string;
  readonly shard: Shard;
}

/** The variables `--shard auto` reads, for the error that names them. */
const KNOWN = 'SLURM_ARRAY_TASK_ID (Slurm), JOB_COMPLETION_INDEX (Kubernetes Indexed Job), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch)';

/**
 * `--shard auto`: this task's share from the scheduler's array-job environment. Slurm exports the index and the
 * array's bounds; Kubernetes and AWS Batch export only a 0-based index, so their count comes from `--shard-count`
 * or LUNGFLOW_SHARD_COUNT. Throws (one line, a usage error) when no scheduler's index is set, a count is missing,
 * or two sources disagree.
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv, shardCountOption: number | null): Shard {
  const givenCount = shardCountOption ?? optionalInt(env, 'LUNGFLOW_SHARD_COUNT');
  if (shardCountOption !== null && env.LUNGFLOW_SHARD_COUNT !== undefined && optionalInt(env, 'LUNGFLOW_SHARD_COUNT') !== shardCountOption) {
    throw new RangeError(`--shard auto: --shard-count ${shardCountOption} and LUNGFLOW_SHARD_COUNT=${env.LUNGFLOW_SHARD_COUNT} disagree`);
  }
  const found: Found[] = [];
  const slurm = slurmShard(env);
  if (slurm) found.push({ scheduler: 'Slurm', shard: slurm });
  for (const [scheduler, name] of [['Kubernetes', 'JOB_COMPLETION_INDEX'], ['AWS Batch', 'AWS_BATCH_JOB_ARRAY_INDEX']] as const) {
    const index0 = optionalInt(env, name);
    if (index0 === null) continue;
    if (givenCount === null) throw new RangeError(`--shard auto: ${name}=${index0} is set but not the number of shards: give --shard-count N or LUNGFLOW_SHARD_COUNT`);
    found.push({ scheduler, shard: checked({ index: index0 + 1, count: givenCount }, `${name}=${index0}`) });
  }
  if (found.length === 0) throw new RangeError(`--shard auto: no array-job index in the environment (looked for ${KNOWN})`);
  const [first, ...rest] = found;
  for (const other of [...rest, ...(givenCount !== null ? [{ scheduler: 'the shard count given', shard: { index: first.shard.index, count: givenCount } }] : [])]) {
    if (other.shard.index !== first.shard.index || other.shard.count !== first.shard.count) {
      throw new RangeError(
        `--shard auto: ${first.scheduler} says shard ${first.shard.index}/${first.shard.count} but ${other.scheduler} says ${other.shard.index}/${other.shard.count}`,
      );
    }
  }
  return first.shard;
}

/** Slurm array: SLURM_ARRAY_TASK_ID within MIN..MAX (step STEP), or with SLURM_ARRAY_TASK_COUNT from a 0 or 1 start. */
function slurmShard(env: NodeJS.ProcessEnv): Shard | null {
  const id = optionalInt(env, 'SLURM_ARRAY_TASK_ID');
  if (id === null) return null;
  const min = optionalInt(env, 'SLURM_ARRAY_TASK_MIN');
  const max = optionalInt(env, 'SLURM_ARRAY_TASK_MAX');
  const step = optionalInt(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
  const total = optionalInt(env, 'SLURM_ARRAY_TASK_COUNT');
  const where = `SLURM_ARRAY_TASK_ID=${id}`;
  if (min !== null && max !== null) {
    if (step < 1 || (id - min) % step !== 0) throw new RangeError(`--shard auto: ${where} is not on the array's step ${step} from ${min}`);
    const shard = checked({ index: (id - min) / step + 1, count: Math.floor((max - min) / step) + 1 }, where);
    if (total !== null && total !== shard.count) {
      throw new RangeError(`--shard auto: SLURM_ARRAY_TASK_COUNT=${total} disagrees with the array ${min}-${max}:${step} (${shard.count} tasks)`);
    }
    return shard;
  }
  if (total === null) throw new RangeError(`--shard auto: ${where} is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN/MAX`);
  // Without the bounds, an array numbered from 0 (0..COUNT-1) or from 1 (1..COUNT).
  return checked({ index: min === 0 || id === 0 ? id + 1 : id, count: total }, where);
}

function checked(shard: Shard, where: string): Shard {
  if (!Number.isInteger(shard.index) || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new RangeError(`--shard auto: ${where} gives shard ${shard.index} of ${shard.count}, outside 1..${shard.count}`);
  }
  return shard;
}

function optionalInt(env: NodeJS.ProcessEnv, name: string): number | null {
  const text = env[name];
  if (text === undefined || text === '') return null;
  if (!/^\d+$/.test(text.trim())) throw new RangeError(`--shard auto: ${name}=${text} is not a whole number`);
  return Number(text.trim());
}

/** `--db results/part-{shard}.duckdb`: the shard's own file (its 1-based index). */
export function dbPathForShard(db: string, shard: Shard | null): string {
  if (!db.includes('{shard}')) return db;
  if (!shard) throw new RangeError(`--db ${db} has a {shard} placeholder but no --shard was given`);
  return db.replaceAll('{shard}', String(shard.index));
}
