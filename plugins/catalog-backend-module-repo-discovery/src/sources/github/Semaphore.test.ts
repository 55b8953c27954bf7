import { Semaphore } from './Semaphore';

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, in FIFO order', async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let max = 0;
    const started: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      semaphore.run(async () => {
        started.push(i);
        active += 1;
        max = Math.max(max, active);
        await new Promise(resolve => setTimeout(resolve, 2));
        active -= 1;
        return i;
      }),
    );
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(max).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(semaphore.inUse).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const semaphore = new Semaphore(1);
    await expect(
      semaphore.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'next')).toBe('next');
    expect(semaphore.inUse).toBe(0);
  });

  it('rejects a limit below 1', () => {
    expect(() => new Semaphore(0)).toThrow(/positive integer/);
  });
});
