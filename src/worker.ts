/**
 * The Piscina worker: runs the per-slice part of the pipeline the config names. Knows the stages and the config,
 * nothing of streams, pools or sinks.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { PipelineConfig } from './config/pipelineConfig.js';
import { runSliceChain, type SliceChainResult } from './chain/sliceChain.js';
import { runDefaultSlice, type DefaultSliceResult } from './chain/defaultChain.js';
import type { HuSlice } from './stages/types.js';
import { injectTestFault } from './testFault.js';

export interface SliceTask {
  readonly config: PipelineConfig;
  readonly slice: HuSlice;
  readonly keepMasks: boolean;
  readonly timeStages: boolean;
  /** The scan's path: only used to aim LUNGFLOW_TEST_FAULT in tests. */
  readonly scanPath: string;
}

export type SliceTaskResult = (
  | { readonly kind: 'contours'; readonly result: SliceChainResult }
  | { readonly kind: 'anatomy'; readonly result: DefaultSliceResult }
) & {
  /** The task's slice buffer, handed back (transferred, not copied) for the main thread to reuse; absent in tests. */
  readonly hu?: Float32Array;
};

export default function processSliceTask(task: SliceTask): unknown {
  return move(new SliceReply(runSliceTask(task), task.slice.hu));
}

export function runSliceTask(task: SliceTask): SliceTaskResult {
  injectTestFault(task.scanPath, task.slice.index);
  const { config } = task;
  if (config.kind === 'contours') {
    return { kind: 'contours', result: runSliceChain(config, task.slice, { keepMasks: task.keepMasks, timeStages: task.timeStages }) };
  }
  return { kind: 'anatomy', result: runDefaultSlice(config.anatomy, task.slice, { timeStages: task.timeStages }) };
}

/** Piscina's "movable" reply: the result, with the slice's buffer in the transfer list. */
class SliceReply {
  constructor(
    private readonly result: SliceTaskResult,
    private readonly hu: Float32Array,
  ) {}

  get [transferableSymbol](): object {
    return [this.hu.buffer];
  }

  get [valueSymbol](): object {
    return { ...this.result, hu: this.hu };
  }
}
