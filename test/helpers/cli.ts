import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/lungflow.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The CLI's environment in tests: the TypeScript sources, unless LUNGFLOW_TEST_DIST=1 (what `npm test` sets right
 * after building), so a dist/ left over from an earlier build is never what a test exercises.
 */
const CLI_ENV: NodeJS.ProcessEnv = process.env.LUNGFLOW_TEST_DIST === '1' ? {} : { LUNGFLOW_FROM_SOURCE: '1' };

/** Runs the real CLI in a child process. */
export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Node flags before the script, e.g. ['--import', file]. */
  readonly nodeArgs?: readonly string[];
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return settle(startCli(args, options));
}

export function startCli(args: readonly string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...CLI_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function settle(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // A death the test did not cause (tests only send SIGKILL and SIGINT): leave its native stack in the log.
      if (signal !== null && signal !== 'SIGKILL' && signal !== 'SIGINT') console.error(`lungflow died of ${signal}:\n${stderr}`);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Resolves once the child's stderr has printed `count` lines matching `pattern`. */
export function waitForLines(child: ChildProcess, pattern: RegExp, count: number): Promise<void> {
  let seen = 0;
  let buffer = '';
  return new Promise((resolve) => {
    child.stderr!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (pattern.test(line) && ++seen === count) resolve();
    });
    child.on('close', () => resolve());
  });
}

export async function queryJson<T = Record<string, unknown>>(db: string, sql: string): Promise<T[]> {
  const r = await runCli(['query', '--db', db, '--format', 'json', sql]);
  if (r.code !== 0) throw new Error(`query failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

const PEAK_RSS_PRELOAD = fileURLToPath(new URL('./peakRss.mjs', import.meta.url));

/** Runs the CLI and returns its result with the child's peak RSS in bytes. */
export async function runCliMeasured(args: readonly string[], rssFile: string, options: CliOptions = {}): Promise<CliResult & { peakRssBytes: number }> {
  const r = await runCli(args, {
    ...options,
    nodeArgs: [...(options.nodeArgs ?? []), '--import', PEAK_RSS_PRELOAD],
    env: { ...options.env, LUNGFLOW_TEST_RSS_FILE: rssFile },
  });
  const { readFileSync } = await import('node:fs');
  return { ...r, peakRssBytes: Number(readFileSync(rssFile, 'utf8')) };
}
