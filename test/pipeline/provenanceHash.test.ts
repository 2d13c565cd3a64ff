import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Files } from '../../src/pipeline/provenance.js';
import { tempDir } from '../helpers/cohortFixtures.js';

describe('sha256Files', () => {
  it('gives each file its own SHA-256 when many large files are hashed at once (the read buffers are reused)', async () => {
    const dir = tempDir('hash');
    // Larger than the readers' synchronous limit (4 MiB) and not a whole number of 1 MiB reads.
    const files = Array.from({ length: 7 }, (_, i) => {
      const file = path.join(dir, `f${i}.bin`);
      writeFileSync(file, randomBytes(4 * 1024 * 1024 + 12_345 * (i + 1)));
      return file;
    });
    const expected = files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
    for (let round = 0; round < 2; round++) {
      const got = await Promise.all(files.map((f) => sha256Files([f], undefined, 5 * 1024 * 1024)));
      expect(got).toEqual(expected);
    }
    const both = createHash('sha256').update(readFileSync(files[0]!)).update(readFileSync(files[1]!)).digest('hex');
    expect(await sha256Files([files[0]!, files[1]!], undefined, 9 * 1024 * 1024)).toBe(both);
    expect(await sha256Files([files[0]!, files[1]!], undefined, 1024)).toBe(both);
  });
});
