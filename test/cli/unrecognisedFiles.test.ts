/**
 * A file named as a scan of a single-file format (.nrrd, .nhdr, .mha, .mhd, like .nii) whose content no reader
 * recognises is a scan that fails with its own reader's error, found in a folder as when named on the command line;
 * it never vanishes from the run. Files with other names that are not scans (notes, detached .raw data) are not scans.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryJson, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/cohortFixtures.js';

interface Row { path: string; status: string; error_code: string | null; error: string | null }

describe('files named as scans that no reader recognises', () => {
  const dir = tempDir('lungflow-unrecognised-');
  const folder = path.join(dir, 'cohort');
  const db = path.join(dir, 'results.duckdb');
  let result: CliResult;
  let rows: Map<string, Row>;

  beforeAll(async () => {
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'text.nrrd'), 'exported by hand, see the PACS\n');
    writeFileSync(path.join(folder, 'empty.nhdr'), '');
    writeFileSync(path.join(folder, 'binary.mha'), randomBytes(4096));
    writeFileSync(path.join(folder, 'text.mhd'), 'scan of 2024\n');
    writeFileSync(path.join(folder, 'notes.txt'), 'not a scan\n');
    writeFileSync(path.join(folder, 'data.raw'), randomBytes(4096));
    result = await runCli(['run', folder, '--db', db, '--workers', '1', '-q']);
    rows = new Map((await queryJson<Row>(db, 'SELECT path, status, error_code, error FROM scans')).map((r) => [path.basename(r.path), r]));
  }, 60_000);

  it('fails each with its format\'s error and goes on (exit 1: some scans failed)', () => {
    expect(result.stderr).not.toMatch(/Error:.*at /);
    expect(result.code).toBe(1);
    expect([...rows.keys()].sort()).toEqual(['binary.mha', 'empty.nhdr', 'text.mhd', 'text.nrrd']);
    for (const row of rows.values()) expect(row.status).toBe('failed');
    expect(rows.get('text.nrrd')).toMatchObject({ error_code: 'not-nrrd', error: 'not a NRRD file: the first line is "exported by hand, see the PACS", not a magic line like "NRRD0004"' });
    expect(rows.get('empty.nhdr')!.error_code).toBe('not-nrrd');
    expect(rows.get('binary.mha')).toMatchObject({ error_code: 'not-metaimage', error: 'not a MetaImage file: it starts with binary data, not a "Key = Value" line' });
    expect(rows.get('text.mhd')).toMatchObject({ error_code: 'not-metaimage', error: 'not a MetaImage file: the first line is "scan of 2024", not a "Key = Value" line' });
  });
});
