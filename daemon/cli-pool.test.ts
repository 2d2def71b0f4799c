import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { CliPool, type CliHolder } from './cli-pool.js';

/** A holder that records the stops it was asked for; the test says when its CLI is gone. */
function holder(name: string): CliHolder & { name: string; stops: string[] } {
  return { name, stops: [], stopIdle(reason: string) { this.stops.push(reason); } };
}
const never = () => undefined;
/** A turn of `holder` asks for a place; nothing interrupts it. */
const take = (pool: CliPool, holder: CliHolder) => pool.acquire(holder, new AbortController().signal, never);

describe('CliPool', () => {
  it('grants places up to the cap, then stops the least recently used idle CLI for a waiting turn', async () => {
    const clock = new FakeClock();
    const pool = new CliPool(2, 0, clock);
    const [a, b, c] = [holder('a'), holder('b'), holder('c')];
    expect(await take(pool, a)).toBe(true);
    clock.advance(1);
    expect(await take(pool, b)).toBe(true);
    pool.idle(a, true);
    clock.advance(1);
    pool.idle(b, true);
    let waited = false;
    const granted = pool.acquire(c, new AbortController().signal, () => (waited = true));
    expect(waited).toBe(true);
    expect(a.stops).toEqual(['the least recently used idle CLI, to start another within --max-clis 2']);
    expect(b.stops).toEqual([]);
    pool.released(a);
    expect(await granted).toBe(true);
  });

  it('a turn whose CLI is being stopped for a waiting turn queues behind it, and both run in turn', async () => {
    const pool = new CliPool(1, 0, new FakeClock());
    const [a, b] = [holder('a'), holder('b')];
    await take(pool, a);
    const bGranted = take(pool, b);
    pool.idle(a, true);
    expect(a.stops).toHaveLength(1);
    const aAgain = take(pool, a);
    pool.released(a);
    expect(await bGranted).toBe(true);
    pool.idle(b, true);
    expect(b.stops).toHaveLength(1);
    pool.released(b);
    expect(await aAgain).toBe(true);
  });

  it('a turn interrupted while it waits gets no place', async () => {
    const pool = new CliPool(1, 0, new FakeClock());
    const [a, b] = [holder('a'), holder('b')];
    await take(pool, a);
    const interrupt = new AbortController();
    const waiting = pool.acquire(b, interrupt.signal, never);
    interrupt.abort();
    expect(await waiting).toBe(false);
    pool.idle(a, true);
    expect(a.stops).toEqual([]);
  });

  it('stops a CLI idle for the idle time, not one that was used again', async () => {
    const clock = new FakeClock();
    const pool = new CliPool(8, 1000, clock);
    const [a, b] = [holder('a'), holder('b')];
    await take(pool, a);
    await take(pool, b);
    pool.idle(a, true);
    pool.idle(b, true);
    clock.advance(600);
    await take(pool, b);
    clock.advance(600);
    expect(a.stops).toEqual(['idle for 1000 ms']);
    expect(b.stops).toEqual([]);
  });
});
