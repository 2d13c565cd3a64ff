import { OUTPUT_FORMATS, type OutputFormat } from '../output/formatRows.js';
import { DEFAULT_DB } from './run.js';

/** The options every command that reads a results database shares. */
export const RESULTS_DB_OPTION = { describe: 'results database', type: 'string', default: DEFAULT_DB } as const;

export const FORMAT_OPTION = {
  alias: 'f',
  describe: 'output format',
  choices: OUTPUT_FORMATS,
  default: 'table' as OutputFormat,
} as const;
