/**
 * No file of the repository names a path that exists only on one machine: tests find the real CT through
 * test/helpers/sharedData.ts (`../shared/data` beside the project), temporary files go under os.tmpdir().
 *
 * Where the line is drawn (this comment cannot spell the paths out, or the test would find them here):
 * an absolute path is a slash, one of the machine's top folders in TOP_FOLDERS (work, home, Users, data, tmp, mnt,
 * …) and a slash, starting a line or after a quote, space, bracket, `=` or `,`; or a Windows drive letter, colon
 * and backslash. It counts everywhere (code, tests, scripts, config, comments) with three exceptions: `.gitignore`
 * (a leading slash there anchors a pattern at the repository root); in Markdown, example folders under the `data`
 * top folder on a line that shows a `lungflow` or `sbatch` command, because the README's command lines document how
 * users call the CLI, not a path the project reads; and the same folders anywhere in `examples/`, the scheduler
 * templates a user adapts to their own cluster (a container's mount point, a job's input). The same folder in prose fails, and so does any
 * other top folder in a command line. Temporary files made with os.tmpdir() name no path, so they pass.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Built from names so that this file does not itself contain the paths it looks for.
const TOP_FOLDERS = ['work', 'home', 'Users', 'data', 'tmp', 'mnt', 'srv', 'opt', 'var', 'root', 'media', 'scratch', 'Volumes', 'private'];
const BEFORE = '(^|[[:space:]"\'`(=,])';
/** POSIX extended regex for `git grep -E`. */
export const ABSOLUTE_PATH = `${BEFORE}(/(${TOP_FOLDERS.join('|')})/|[A-Za-z]:\\\\[A-Za-z])`;

interface Hit { file: string; line: number; text: string }

/** Every line of a tracked or new (not ignored) file that names an absolute path. */
function absolutePathLines(): Hit[] {
  let out: string;
  try {
    out = execFileSync('git', ['grep', '--untracked', '-I', '-n', '-E', '-e', ABSOLUTE_PATH], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    if ((error as { status?: number }).status === 1) return []; // git grep: nothing found
    throw error;
  }
  return out.split('\n').filter(Boolean).map((l) => {
    const [, file, line, text] = /^([^:]+):(\d+):(.*)$/.exec(l)!;
    return { file, line: Number(line), text };
  });
}

/** The documented exceptions (see the top of this file). */
function allowed(hit: Hit): boolean {
  if (hit.file === '.gitignore' || hit.file.endsWith('/.gitignore')) return true;
  const onlyDataFolders = () =>
    (hit.text.match(new RegExp(ABSOLUTE_PATH.replace('[:space:]', '\\s'), 'g')) ?? []).every((p) => /^.?\/data\//.test(p));
  if (hit.file.startsWith('examples/')) return onlyDataFolders();
  return hit.file.endsWith('.md') && /\b(lungflow|sbatch)\b/.test(hit.text) && onlyDataFolders();
}

describe('the repository names no machine path', () => {
  it('finds none outside the documented exceptions (git grep over every tracked and new file)', () => {
    const offending = absolutePathLines().filter((h) => !allowed(h)).map((h) => `${h.file}:${h.line}: ${h.text.trim()}`);
    expect(offending).toEqual([]);
  });

  it('would catch one: the pattern finds paths in code and prose, and the exceptions stay narrow', () => {
    const finds = (text: string) => new RegExp(ABSOLUTE_PATH.replace('[:space:]', '\\s')).test(text);
    const machine = ['/work', 'shared', 'data'].join('/');
    expect(finds(`const DATA = '${machine}';`)).toBe(true);
    expect(finds(`readFileSync(\`${machine}/x\`)`)).toBe(true);
    expect(finds(` * The real CT in ${machine} (never copied)`)).toBe(true);
    expect(finds(`const out = '${['/tmp', 'x'].join('/')}';`)).toBe(true);
    expect(finds(`"C:${'\\'}Users${'\\'}me"`)).toBe(true);
    expect(finds("import { x } from '../../src/worker.js';")).toBe(false);
    expect(finds('if (/worker (thread )?exited/i.test(m)) {')).toBe(false);
    expect(finds('see https://example.org/data/file')).toBe(false);
    expect(finds('path.join(os.tmpdir(), "lungflow-")')).toBe(false);

    const md = (text: string, file = 'README.md') => allowed({ file, line: 1, text });
    expect(md(`npx lungflow run ${['/data', 'cohort'].join('/')} --db c.duckdb`)).toBe(true);
    expect(md(`npx lungflow run ${machine} --db c.duckdb`)).toBe(false);
    expect(md(`The data sits in ${['/data', 'ct'].join('/')} on our server.`)).toBe(false);
    expect(md(`npx lungflow run ${['/data', 'cohort'].join('/')}`, 'src/cli.ts')).toBe(false);
    expect(md(`sbatch --array=1-4 examples/slurm-array.sbatch ${['/data', 'cohort'].join('/')} results`)).toBe(true);
    expect(md(`mountPath: ${['/data', 'cohort'].join('/')}`, 'examples/k8s-indexed-job.yaml')).toBe(true);
    expect(md(`mountPath: ${machine}`, 'examples/k8s-indexed-job.yaml')).toBe(false);
  });
});
