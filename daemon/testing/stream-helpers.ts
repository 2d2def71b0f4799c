import { readFileSync, readdirSync } from 'node:fs';
import { procStat } from '../../shared/node/proc-stat.js';
import type { StreamEvent } from '../../shared/protocol.js';

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) if (event.type !== 'ping') events.push(event);
  return events;
}

/** Reads events until one matches, then stops reading (the stream is left for the caller). */
export async function readUntil(
  stream: AsyncIterator<StreamEvent>,
  done: (event: StreamEvent, seen: StreamEvent[]) => boolean,
): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) return seen;
    if (next.value.type === 'ping') continue;
    seen.push(next.value);
    if (done(next.value, seen)) return seen;
  }
}

export const texts = (events: StreamEvent[]) => events.flatMap((event) => (event.type === 'text' ? [event.content] : []));
export const partialText = (events: StreamEvent[]) =>
  events.flatMap((event) => (event.type === 'partial' && event.block === undefined ? [event.content] : [])).join('');
export const seqs = (events: StreamEvent[]) => events.flatMap((event) => (event.seq === undefined ? [] : [event.seq]));

/** Pids of processes whose command line contains `marker` (Linux /proc). */
export function processesMatching(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(marker) && !cmdline.includes('pgrep')) found.push(Number(name));
    } catch {
      // Ended meanwhile.
    }
  }
  return found;
}

/** A marker no other test or process uses, for `sleep <marker>` commands. */
export const uniqueSleep = () => `${40 + Math.floor(Math.random() * 50)}.${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`;

/** The pids still running: not gone, and not ended and waiting to be reaped (a zombie, whose parent died). */
export function living(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    const state = procStat(pid)?.[0];
    return state !== undefined && state !== 'Z';
  });
}

/** SIGTERM to each pid that still runs (teardown of what a test started). */
export function terminate(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}
