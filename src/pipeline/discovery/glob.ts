import path from 'node:path';
import picomatch from 'picomatch';
import { walkTree, type WalkEvent } from './walk.js';

/** Whether an input is a glob (`*`, `?`, `[…]`, `{a,b}`, extglobs); a path that exists is never one. */
export function isGlob(p: string): boolean {
  return picomatch.scan(p).isGlob;
}

/**
 * The walk of a glob as a shell would expand it (picomatch: braces, extglobs, `**`, no match of dot-files by `*`):
 * from the glob's fixed base, files that match, and everything below folders that match (as the shell would hand
 * the folder to lungflow). Folders deeper than the pattern can reach are not entered.
 */
export function walkGlob(pattern: string, signal?: AbortSignal): AsyncGenerator<WalkEvent> {
  const absolute = path.resolve(pattern);
  const { base, glob } = picomatch.scan(absolute);
  const root = base === '' ? path.sep : base;
  const matches = picomatch(absolute);
  // Files that can match lie at most this many folders below the base (a `/` inside braces counts: a safe excess).
  const maxDepth = glob.includes('**') ? Infinity : (glob.match(/\//g)?.length ?? 0);
  return walkTree(
    root,
    {
      file: (f) => matches(f),
      folder: (dir, depth) => (matches(dir) ? 'all' : depth <= maxDepth ? 'search' : 'skip'),
    },
    'search',
    signal,
  );
}
