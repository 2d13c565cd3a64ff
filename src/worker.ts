/**
 * The Piscina worker: runs the per-slice stage chain that the config names. Knows the stages and the config,
 * nothing of streams, pools or sinks.
 */
import type { PipelineConfig } from './config/pipelineConfig.js';
import { runSliceChain, type SliceChainResult } from './chain/sliceChain.js';
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

export default function processSliceTask(task: SliceTask): SliceChainResult {
  injectTestFault(task.scanPath, task.slice.index);
  return runSliceChain(task.config, task.slice, { keepMasks: task.keepMasks, timeStages: task.timeStages });
}
