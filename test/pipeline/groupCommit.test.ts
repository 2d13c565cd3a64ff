import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/pipeline/groupCommit.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GroupCommit', () => {
  it('items that arrive while a commit runs go into the next commit together; counted only once committed', async () => {
    const commits: number[][] = [];
    const committed: number[] = [];
    const writer = new GroupCommit<number>(
      async (batch) => {
        await tick(30);
        commits.push([...batch]);
      },
      (batch) => committed.push(...batch),
    );
    await writer.add(1);
    for (let i = 2; i <= 6; i++) await writer.add(i);
    expect(committed).toEqual([]);
    await writer.flush();
    expect(commits).toEqual([[1], [2, 3, 4, 5, 6]]);
    expect(committed).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('after a failed commit nothing more is written, and add/flush report the error', async () => {
    const committed: number[] = [];
    const writer = new GroupCommit<number>(
      async (batch) => {
        await tick(5);
        if (batch.includes(2)) throw new Error('disk full');
      },
      (batch) => committed.push(...batch),
    );
    await writer.add(1);
    await writer.flush();
    await writer.add(2);
    await expect(writer.flush()).rejects.toThrow('disk full');
    await expect(writer.add(3)).rejects.toThrow('disk full');
    expect(committed).toEqual([1]);
  });

  it('commits start at least the interval apart, and add waits when too many are pending', async () => {
    const starts: number[] = [];
    const writer = new GroupCommit<number>(
      async () => {
        starts.push(performance.now());
      },
      () => undefined,
      50,
      512,
      4,
    );
    for (let i = 0; i < 12; i++) await writer.add(i);
    await writer.flush();
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(45);
    expect(starts.length).toBeGreaterThanOrEqual(3);
  });
});
