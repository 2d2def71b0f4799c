/**
 * Approvals, the whole way round, through a real sshd: a stand-in persistent CLI
 * (bench/asking-claude.mjs) asks for permission → the daemon → the SSH tunnel → the desk
 * (browser mode) → the card on screen in Chromium; then a click on Allow → the desk → the tunnel →
 * the daemon → the CLI's stdin. Prints, per round of BENCH_ASKS requests, p50/p95/p99/max of:
 * 1. the CLI's request → the card in the DOM (a MutationObserver sees `[data-approval]`);
 * 2. the click on Allow → the CLI reading the answer.
 * Then the median over BENCH_ROUNDS rounds, and one JSON line. Both ends stamp the wall clock of
 * this one machine. Knobs: BENCH_ASKS (default 60), BENCH_ROUNDS (default 3).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { deskCall, percentile, waitFor, runBench } from './bench-util.js';
import { startSshBenchWorld } from './ssh-bench-world.js';

const ASKS = Number(process.env.BENCH_ASKS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * In the page: stamps each card the moment it appears, then clicks its Allow on the next frame
 * (after it painted), stamping the click. Plain source text: tsx would wrap named functions.
 */
const CARD_PROBE = `(() => {
  const seen = {};
  const clicked = {};
  const stamp = () => performance.timeOrigin + performance.now();
  const observer = new MutationObserver(() => {
    for (const card of document.querySelectorAll('[data-approval]')) {
      const id = card.getAttribute('data-approval');
      if (seen[id] !== undefined) continue;
      seen[id] = stamp();
      // The card is looked up again when clicked: the row may have been drawn anew meanwhile.
      const click = (tries) => requestAnimationFrame(() => setTimeout(() => {
        const current = document.querySelector('[data-approval="' + CSS.escape(id) + '"]');
        const allow = current && [...current.querySelectorAll('button')].find((button) => /^Allow\\s*A$/.test(button.textContent.trim()));
        if (!allow) return tries > 0 ? click(tries - 1) : undefined;
        clicked[id] = stamp();
        allow.click();
      }, 0));
      click(30);
    }
  });
  observer.observe(document.body, { subtree: true, childList: true });
  window.takeCardTimes = () => ({ seen, clicked });
})()`;

interface Answered {
  requestId: string;
  askedAt: number;
  answeredAt: number;
  behavior: string;
}

interface RoundFigures {
  toCard: number[];
  toCli: number[];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: Math.max(...values) });
const line = (label: string, values: number[]) => {
  const s = summary(values);
  return `${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (${values.length} requests)`;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function round(page: Page, deskCallKey: (message: string) => Promise<void>, logFile: string, turn: number, isIdle: () => Promise<boolean>): Promise<RoundFigures> {
  await page.evaluate(CARD_PROBE);
  await deskCallKey(`asks: ${ASKS}`);
  await waitFor(async () => (await readLog(logFile)).filter((entry) => entry.requestId.startsWith(`bench-${turn}-`)).length === ASKS, `${ASKS} answers in round ${turn}`, ASKS * 5000 + 30_000);
  await waitFor(isIdle, `round ${turn} to end`, 30_000);
  const { seen, clicked } = (await page.evaluate('window.takeCardTimes()')) as { seen: Record<string, number>; clicked: Record<string, number> };
  const answers = (await readLog(logFile)).filter((entry) => entry.requestId.startsWith(`bench-${turn}-`));
  const missing = answers.filter((entry) => seen[entry.requestId] === undefined || clicked[entry.requestId] === undefined || entry.behavior !== 'allow');
  if (missing.length > 0) throw new Error(`round ${turn}: ${missing.length} requests were not seen, clicked and allowed on screen: ${missing.map((entry) => entry.requestId).join(', ')}`);
  return {
    toCard: answers.map((entry) => seen[entry.requestId]! - entry.askedAt),
    toCli: answers.map((entry) => entry.answeredAt - clicked[entry.requestId]!),
  };
}

async function readLog(file: string): Promise<Answered[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((entry) => JSON.parse(entry) as Answered);
}

async function main(): Promise<void> {
  const { root, desk, browser, page, hostId, stop } = await startSshBenchWorld({ name: 'approvals', cli: 'asking-claude.mjs', cliEnv: (dir) => ({ ASKING_CLAUDE_LOG: path.join(dir, 'answers.jsonl') }) });
  const logFile = path.join(root, 'answers.jsonl');
  try {
    const session = await deskCall(desk, 'sessions.create', { hostId, path: root, mode: 'ask' });
    await page.goto(`${new URL(desk.url).origin}/#/session/${encodeURIComponent(session.key)}`);
    await page.getByRole('region', { name: 'Transcript' }).waitFor();
    const send = async (message: string) => void (await deskCall(desk, 'sessions.send', { key: session.key, message }));
    const isIdle = async () => (await deskCall(desk, 'sessions.list', {})).find((s) => s.key === session.key)?.status === 'idle';

    console.log(`approvals through sshd: ${ROUNDS} rounds of ${ASKS} requests, Chromium ${browser.version()}, ${os.cpus().length} cores`);
    const rounds: RoundFigures[] = [];
    for (let turn = 1; turn <= ROUNDS; turn++) {
      const figures = await round(page, send, logFile, turn, isIdle);
      rounds.push(figures);
      console.log(`round ${turn}: ${line('CLI request → card on screen', figures.toCard)}`);
      console.log(`round ${turn}: ${line('click on Allow → CLI has the answer', figures.toCli)}`);
    }
    const med = (pick: (figures: RoundFigures) => number[], p: 'p50' | 'p99') => median(rounds.map((figures) => summary(pick(figures))[p]));
    const result = {
      bench: 'approvals',
      rounds: ROUNDS,
      requestsPerRound: ASKS,
      requestToCardP50Ms: +med((f) => f.toCard, 'p50').toFixed(1),
      requestToCardP99Ms: +med((f) => f.toCard, 'p99').toFixed(1),
      clickToCliP50Ms: +med((f) => f.toCli, 'p50').toFixed(1),
      clickToCliP99Ms: +med((f) => f.toCli, 'p99').toFixed(1),
      cores: os.cpus().length,
      chromium: browser.version(),
    };
    console.log(`median of ${ROUNDS} rounds: request → card p50 ${ms(result.requestToCardP50Ms)}, p99 ${ms(result.requestToCardP99Ms)}; click → CLI p50 ${ms(result.clickToCliP50Ms)}, p99 ${ms(result.clickToCliP99Ms)}`);
    console.log(JSON.stringify(result));
  } finally {
    await stop();
  }
}

runBench(main);
