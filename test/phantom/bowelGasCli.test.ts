/** `lungflow phantom --bowel-gas`: the option reaches the generator and its truth; bad values are refused. */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PhantomTruth } from '../../src/phantom/index.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lungflow-bowelgas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lungflow phantom --bowel-gas', () => {
  it('writes the variant and gap into the truth, and marks the gas as stomach or bowel gas (not lung)', async () => {
    const out = path.join(dir, 'gas');
    const r = await runCli(['phantom', out, '-n', '1', '--shape', '96,80,48', '--spacing', '3.5,3.5,6', '--seed', '6302',
      '--bowel-gas', 'both', '--bowel-gas-gap', '6']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const truth = JSON.parse(readFileSync(path.join(out, 'phantom-0001.truth.json'), 'utf8')) as PhantomTruth;
    expect(truth.options.bowelGas).toEqual({ variant: 'both', gapMm: 6 });
    expect(truth.labelCodes[6]).toMatch(/bowel gas/);
    expect(truth.slices.reduce((a, s) => a + s.stomachGasPx, 0)).toBeGreaterThan(0);
  });

  it('refuses a negative gap with exit code 2', async () => {
    const r = await runCli(['phantom', path.join(dir, 'bad'), '-n', '1', '--shape', '48,48,16', '--bowel-gas', 'colon', '--bowel-gas-gap', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--bowel-gas-gap must be >= 0 mm/);
  });
});
