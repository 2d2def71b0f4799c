import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';
import { StorageHealth } from './storage-health.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'event-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const openLog = (file: string, ringSize: number, log: (message: string) => void = () => undefined) =>
  EventLog.open(file, { ringSize, markFile: `${file}.mark`, storage: new StorageHealth(dir, log), log });
/** Appends, then waits until the events may have gone out (their seqs reserved): history shows only those. */
async function appendOut(log: EventLog, bodies: ReturnType<typeof partials>) {
  const events = log.append(bodies);
  await log.whenDeliverable(events.at(-1)!.seq);
  return events;
}
const partials = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ type: 'partial' as const, content: `p${from + i} ✓` }));

describe('EventLog', () => {
  it('numbers events from 1, one by one, across appends', async () => {
    const log = await openLog(path.join(dir, 'e.jsonl'), 100);
    expect(log.append(partials(2)).map((e) => e.seq)).toEqual([1, 2]);
    expect(log.append(partials(3)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.nextSeq).toBe(6);
    await log.close();
  });

  it('pages history from disk with nextSeq pointing at the first event not returned', async () => {
    const log = await openLog(path.join(dir, 'e.jsonl'), 10);
    await appendOut(log, partials(25));
    const first = await log.history(0, 10);
    expect(first.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.nextSeq).toBe(11);
    const last = await log.history(20, 10);
    expect(last.events.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25]);
    expect(last.nextSeq).toBe(26);
    expect((await log.history(25, 10)).events).toEqual([]);
    await log.close();
  });

  it('keeps the latest events in the ring; older ones are read from disk, so nothing is missing', async () => {
    const log = await openLog(path.join(dir, 'e.jsonl'), 5);
    await appendOut(log, partials(20));
    expect(log.ringAfter(17, 20, 10_000)!.map((e) => e.seq)).toEqual([18, 19, 20]);
    expect(log.ringAfter(17, 19, 10_000)!.map((e) => e.seq)).toEqual([18, 19]);
    expect(log.ringAfter(17, 20, 1)!.map((e) => e.seq)).toEqual([18]);
    expect(log.ringAfter(2, 20, 10_000)).toBeUndefined();
    expect((await log.history(2, 100)).events.map((e) => e.seq)).toEqual(Array.from({ length: 18 }, (_, i) => i + 3));
    await log.close();
  });

  it('survives a reopen: numbering goes on and history is whole', async () => {
    const file = path.join(dir, 'e.jsonl');
    const first = await openLog(file, 100);
    first.append(partials(3));
    await first.close();
    const again = await openLog(file, 100);
    expect(again.nextSeq).toBe(4);
    expect((await appendOut(again, partials(1))).map((e) => e.seq)).toEqual([4]);
    expect((await again.history(0, 100)).events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    await again.close();
  });

  it('skips a torn last line from a crash and cuts it off so later appends stay whole', async () => {
    const file = path.join(dir, 'e.jsonl');
    const log = await openLog(file, 100);
    log.append(partials(2));
    await log.close();
    await appendFile(file, '{"type":"partial","content":"half');
    const reopened = await openLog(file, 100);
    expect(reopened.nextSeq).toBe(3);
    reopened.append(partials(1, 7));
    await reopened.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { seq?: number });
    expect(lines.map((line) => line.seq)).toEqual([undefined, 1, 2, 3]);
  });

  it('starts a new log with its format line, and still loads a log without one', async () => {
    const file = path.join(dir, 'e.jsonl');
    const log = await openLog(file, 100);
    log.append(partials(1));
    await log.close();
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('{"format":"switchyard.events","version":1}');
    const old = path.join(dir, 'old.jsonl');
    await writeFile(old, `${JSON.stringify({ type: 'partial', content: 'x', seq: 1 })}\n`);
    const reopened = await openLog(old, 100);
    expect(reopened.nextSeq).toBe(2);
    await reopened.close();
  });

  it('pages history by bytes: an invalid UTF-8 byte in one line and a line that is not an event are set aside, named, and every good event is returned', async () => {
    const file = path.join(dir, 'events.jsonl');
    const line = (seq: number, content: string) => Buffer.from(`${JSON.stringify({ type: 'text', content, seq })}\n`);
    const broken = line(2, 'caf\u00e9 au lait');
    broken[broken.indexOf(0xc3)] = 0xff;
    const kindLine = Buffer.from('{"kind":"event"}\n');
    await writeFile(file, Buffer.concat([Buffer.from('{"format":"switchyard.events","version":1}\n'), line(1, 'one ✓'), broken, kindLine, line(3, 'three'), line(4, 'four ✓✓')]));
    const messages: string[] = [];
    const log = await openLog(file, 2, (message) => messages.push(message));
    const seen: number[] = [];
    for (let afterSeq = 0, pages = 0; pages < 10; pages++) {
      const page = await log.history(afterSeq, 1);
      expect(page.events.length).toBeLessThanOrEqual(1);
      if (page.events.length === 0) break;
      seen.push(...page.events.map((event) => event.seq));
      afterSeq = page.events.at(-1)!.seq;
    }
    expect(seen).toEqual([1, 3, 4]);
    expect((await log.history(0, 10)).events.map((event) => event.seq)).toEqual([1, 3, 4]);
    expect(log.nextSeq).toBe(5);
    const rejected = (await readdir(dir)).filter((name) => name.startsWith('events.jsonl.rejected-'));
    expect(rejected).toHaveLength(1);
    expect(await readFile(path.join(dir, rejected[0]!))).toEqual(Buffer.concat([broken, kindLine]));
    expect(messages.join('\n')).toContain(`2 damaged lines`);
    expect(messages.join('\n')).toContain(rejected[0]);
    await log.close();
  });
});
