import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it('runs at most max tasks at once, the rest in the order they came, each as soon as a slot frees', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const results = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i);
        await g.opened;
        return i * 10;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect(limit.active).toBe(2);
    gates[1]!.open();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.open();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40]);
    expect(limit.active).toBe(0);
    expect(limit.peak).toBe(2);
  });

  it('frees the slot of a task that fails, and passes its error on', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error('health check refused')))).rejects.toThrow('health check refused');
    expect(await limit.run(async () => 'next')).toBe('next');
    expect(limit.active).toBe(0);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(/at least 1, not 0/);
  });
});
