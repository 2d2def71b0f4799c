/**
 * Highlighting kept off the way of painting and scrolling: code shows plain at once and takes its
 * colours when the page is idle. Requests wait in a queue, newest first (what was just mounted is
 * what is on screen), a row that leaves before its turn is dropped from it, and each result is
 * kept, so code shown again is coloured from the first frame. The highlighter and its grammars
 * are loaded with the first request, not with the page.
 */
import { useEffect, useReducer } from 'react';
import { HIGHLIGHT_MAX_CHARS, plainLines, type CodeLine } from './code-tokens.js';
import { whenIdle, type IdleDeadline } from './idle.js';
import { KeyedMemo } from './keyed-memo.js';

export type Highlighter = (text: string, language: string | null) => CodeLine[];

interface Job {
  key: string;
  inputs: readonly unknown[];
  compute: (highlight: Highlighter) => unknown;
  waiters: Set<() => void>;
}

/** Results kept, by key; the least recently used go past this many. */
const KEEP = 600;
const done = new KeyedMemo<unknown>(KEEP);
const queue: Job[] = [];
const queued = new Map<string, Job>();
let highlighter: Highlighter | null = null;
let loading: Promise<Highlighter> | null = null;
let scheduled = false;

const sameInputs = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((input, at) => Object.is(input, b[at]));

function loadHighlighter(): Promise<Highlighter> {
  loading ??= import('./highlight-lines.js').then(
    (module) => (highlighter = module.highlightLines),
    (error: unknown) => {
      // Tried again with the next request (a chunk that failed to load may load later); code stays plain meanwhile.
      loading = null;
      throw error;
    },
  );
  return loading;
}


function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  loadHighlighter().then(
    () => whenIdle(work),
    () => {
      scheduled = false;
    },
  );
}

/** Runs a job; one that throws leaves its code plain (what waits for it is told all the same). */
function runJob(job: Job, highlight: Highlighter): void {
  queued.delete(job.key);
  try {
    done.set(job.key, job.inputs, job.compute(highlight));
  } catch {
    // Nothing kept: the fallback (plain code) stays.
  }
  for (const waiter of job.waiters) waiter();
}

function work(deadline: IdleDeadline): void {
  scheduled = false;
  // At least one job per idle period, so a busy page still gets its colours.
  do {
    const job = queue.pop();
    if (!job) break;
    runJob(job, highlighter!);
  } while (deadline.timeRemaining() > 4);
  schedule();
}

function request(job: Omit<Job, 'waiters'>, waiter: () => void): () => void {
  let asked = queued.get(job.key);
  if (asked && !sameInputs(asked.inputs, job.inputs)) {
    queue.splice(queue.indexOf(asked), 1);
    asked = undefined;
  }
  if (!asked) {
    asked = { ...job, waiters: new Set() };
    queued.set(job.key, asked);
    queue.push(asked);
  } else {
    // Asked again: to the front.
    queue.splice(queue.indexOf(asked), 1);
    queue.push(asked);
  }
  asked.waiters.add(waiter);
  schedule();
  const mine = asked;
  return () => {
    mine.waiters.delete(waiter);
    if (mine.waiters.size > 0 || queued.get(job.key) !== mine) return;
    queued.delete(job.key);
    queue.splice(queue.indexOf(mine), 1);
  };
}

/**
 * `compute`'s result for `key` and `inputs` (compared by identity): the one kept if there is
 * one, else `fallback` now and the result once the page has had time to make it.
 */
export function useIdleResult<T>(key: string | null, inputs: readonly unknown[], compute: (highlight: Highlighter) => T, fallback: () => T): T {
  const [, arrived] = useReducer((count: number) => count + 1, 0);
  const kept = key === null ? undefined : (done.peek(key, inputs) as T | undefined);
  const missing = key !== null && kept === undefined;
  useEffect(() => (missing ? request({ key, inputs, compute }, arrived) : undefined), [missing, key, ...inputs]);
  return kept ?? fallback();
}

const NO_INPUTS: readonly unknown[] = [];

/** Lines of `text`: coloured as `language` once the page has had time, plain until then. */
export function useHighlightedLines(text: string, language: string | null): CodeLine[] {
  const key = language !== null && text.length <= HIGHLIGHT_MAX_CHARS ? `${language}\u0000${text}` : null;
  return useIdleResult(key, NO_INPUTS, (highlight) => highlight(text, language), () => plainLinesOf(text));
}

const plainKept = new Map<string, CodeLine[]>();
/** Plain lines are cheap but not free: a block re-rendered while it waits (or with no language) reuses its split, so its lines keep their identity. */
export function plainLinesOf(text: string): CodeLine[] {
  let lines = plainKept.get(text);
  if (!lines) {
    lines = plainLines(text);
    plainKept.set(text, lines);
    if (plainKept.size > 200) plainKept.delete(plainKept.keys().next().value!);
  }
  return lines;
}

/** For tests: runs every waiting request now. */
export async function highlightWaitingNow(): Promise<void> {
  const highlight = await loadHighlighter();
  while (queue.length > 0) runJob(queue.pop()!, highlight);
}
