import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'event-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const partials = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ type: 'partial' as const, content: `p${from + i} ✓` }));

describe('EventLog', () => {
  it('numbers events from 1, one by one, across appends', async () => {
    const log = await EventLog.open(path.join(dir, 'e.jsonl'), 100);
    expect(log.append(partials(2)).map((e) => e.seq)).toEqual([1, 2]);
    expect(log.append(partials(3)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.nextSeq).toBe(6);
    await log.close();
  });

  it('pages history from disk with nextSeq pointing at the first event not returned', async () => {
    const log = await EventLog.open(path.join(dir, 'e.jsonl'), 10);
    log.append(partials(25));
    const first = await log.history(0, 10);
    expect(first.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.nextSeq).toBe(11);
    const last = await log.history(20, 10);
    expect(last.events.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25]);
    expect(last.nextSeq).toBe(26);
    expect((await log.history(25, 10)).events).toEqual([]);
    await log.close();
  });

  it('serves events older than the ring from disk, so nothing is missing', async () => {
    const log = await EventLog.open(path.join(dir, 'e.jsonl'), 5);
    log.append(partials(20));
    expect((await log.since(17)).map((e) => e.seq)).toEqual([18, 19, 20]);
    expect((await log.since(2)).map((e) => e.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 3));
    await log.close();
  });

  it('survives a reopen: numbering goes on and history is whole', async () => {
    const file = path.join(dir, 'e.jsonl');
    const first = await EventLog.open(file, 100);
    first.append(partials(3));
    await first.close();
    const again = await EventLog.open(file, 100);
    expect(again.nextSeq).toBe(4);
    expect(again.append(partials(1)).map((e) => e.seq)).toEqual([4]);
    expect((await again.history(0, 100)).events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    await again.close();
  });

  it('skips a torn last line from a crash and cuts it off so later appends stay whole', async () => {
    const file = path.join(dir, 'e.jsonl');
    const log = await EventLog.open(file, 100);
    log.append(partials(2));
    await log.close();
    await appendFile(file, '{"type":"partial","content":"half');
    const reopened = await EventLog.open(file, 100);
    expect(reopened.nextSeq).toBe(3);
    reopened.append(partials(1, 7));
    await reopened.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { seq: number });
    expect(lines.map((line) => line.seq)).toEqual([1, 2, 3]);
  });
});
