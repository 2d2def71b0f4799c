/**
 * Scale: one desk (browser mode) against BENCH_SCALE_HOSTS (20) daemons on loopback, each reached
 * through its own SSH connection to the real sshd (one alias per host), with
 * BENCH_SCALE_SESSIONS (25) sessions each; Chromium shows the session board. Prints:
 * - the time to add and connect every host, and to create every session;
 * - the desk's CPU (seconds per second) and RSS while idle (health polls only) and while
 *   BENCH_SCALE_STREAMING (4) sessions stream at 200 events/s each;
 * - board update time: a message sent to an idle session → its board row says Running
 *   (p50 and max of BENCH_SCALE_PROBES), while the others stream;
 * - the board's frames meanwhile;
 * - health polling: each daemon is reached through a small proxy in this process that times its
 *   `health.check` requests: checks per host per minute, the most in flight at once across all
 *   hosts (the desk allows 4), and their duration.
 * BENCH_SCALE_PROFILE=<folder> writes the renderer's CPU profile of the streaming part there.
 * Then a table and one JSON line. The issue sets no targets here: the figures are reported.
 */
import { createServer, request, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
// @ts-expect-error plain ESM script without types
import { buildApp, buildRenderer } from '../scripts/build-app.mjs';
import { startDaemon, type RunningDaemon } from '../daemon/testing/harness.js';
import { REPO_ROOT, startDesk, type DeskProcess } from '../e2e/desk-process.js';
import { startSshFixture } from '../electron/ssh/testing/sshd.js';
import { CHROMIUM_ARGS, deskCall, percentile, runBench, waitFor } from './bench-util.js';
import { cpuSeconds, rssMb } from './proc-stats.js';
import { frameStats, profiled, startFrameProbe, stopFrameProbe, type FrameStats } from './page-probes.js';

const HOSTS = Number(process.env.BENCH_SCALE_HOSTS ?? 20);
const SESSIONS = Number(process.env.BENCH_SCALE_SESSIONS ?? 25);
const STREAMING = Number(process.env.BENCH_SCALE_STREAMING ?? 4);
const PROBES = Number(process.env.BENCH_SCALE_PROBES ?? 8);
const IDLE_SECONDS = 10;
const STREAM_RATE = 200;
/** The desk's CPU seconds per second and RSS over `run`. */
async function deskCost<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; cpuPerSecond: number; rssMb: number }> {
  const cpu = cpuSeconds(pid);
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  return { result, cpuPerSecond: Math.round(((cpuSeconds(pid) - cpu) / seconds) * 1000) / 1000, rssMb: rssMb(pid) };
}

/** In the page: when the board row named `name` first says Running. */
const ROW_PROBE = (name: string) => `(() => {
  window.rowRunningAt = null;
  const find = () => [...document.querySelectorAll('.board-link')].find((link) => link.getAttribute('aria-label').startsWith(${JSON.stringify(`${name} on `)}));
  const observer = new MutationObserver(() => {
    if (find()?.getAttribute('aria-label').endsWith(', Running')) {
      window.rowRunningAt = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.querySelector('.board') ?? document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label'] });
})()`;

/** Every health.check the desk sent through the proxies, while `recording`. */
class HealthLog {
  recording = false;
  private inFlight = 0;
  peak = 0;
  readonly durations: number[] = [];
  readonly perHost = new Map<number, number>();

  start(host: number): () => void {
    if (!this.recording) return () => undefined;
    const started = performance.now();
    this.inFlight++;
    this.peak = Math.max(this.peak, this.inFlight);
    this.perHost.set(host, (this.perHost.get(host) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.durations.push(performance.now() - started);
    };
  }
}

/** A proxy on loopback in front of one daemon: passes everything through, timing health checks. */
function healthProxy(host: number, daemonPort: number, log: HealthLog): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const done = body.includes('"health.check"') ? log.start(host) : () => undefined;
      const upstream = request({ host: '127.0.0.1', port: daemonPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', done);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => {
        done();
        upstream.destroy();
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function boardUpdate(page: Page, desk: DeskProcess, session: { key: string; name: string }): Promise<number> {
  await page.evaluate(ROW_PROBE(session.name));
  const sent = performance.timeOrigin + performance.now();
  await deskCall(desk, 'sessions.send', { key: session.key, message: 'events: 400 at 100/s' });
  await page.waitForFunction(() => (window as unknown as { rowRunningAt: number | null }).rowRunningAt !== null, undefined, { timeout: 30_000, polling: 50 });
  return ((await page.evaluate('window.rowRunningAt')) as number) - sent;
}

interface ScaleFigures {
  hosts: number;
  sessions: number;
  connectSeconds: number;
  createSeconds: number;
  idle: { cpuPerSecond: number; rssMb: number };
  streaming: { sessions: number; cpuPerSecond: number; rssMb: number };
  boardUpdateP50Ms: number;
  boardUpdateMaxMs: number;
  boardFrames: FrameStats;
  health: { seconds: number; checksPerHostPerMinute: number; peakInFlight: number; p50Ms: number; p99Ms: number };
  rows: { measure: string; value: string; target: string; met: boolean }[];
}

async function main(): Promise<void> {
  await (buildApp as () => Promise<void>)();
  await (buildRenderer as () => Promise<void>)();
  const root = await mkdtemp(path.join(os.tmpdir(), 'switchyard-bench-scale-'));
  const ssh = await startSshFixture();
  // One alias per host, all to the same sshd: each host gets its own connection, as separate machines would.
  const base = (await readFile(ssh.configFile, 'utf8')).split(/\n(?=Host )/).find((block) => block.startsWith(`Host ${ssh.aliases.ok}\n`))!;
  const configFile = path.join(root, 'ssh_config');
  const aliases = Array.from({ length: HOSTS }, (_, i) => `sy-scale-${i + 1}`);
  await writeFile(configFile, aliases.map((alias) => base.replace(`Host ${ssh.aliases.ok}`, `Host ${alias}`)).join('\n'));
  const daemons: RunningDaemon[] = [];
  const cli = `${process.execPath} ${path.join(REPO_ROOT, 'bench', 'fake-claude.mjs')}`;
  for (let i = 0; i < HOSTS; i++) {
    daemons.push(await startDaemon({ env: { PATH: process.env.PATH, HOME: root, TMPDIR: root, FAKE_CLAUDE_PARAGRAPH: '20' }, dataDir: path.join(root, `daemon-${i + 1}`), claude: cli }));
  }
  const healthLog = new HealthLog();
  const proxies = await Promise.all(daemons.map((daemon, i) => healthProxy(i, daemon.port, healthLog)));
  const proxyPort = (i: number) => (proxies[i]!.address() as { port: number }).port;
  const desk = await startDesk({ env: { PATH: process.env.PATH, HOME: root, TMPDIR: root, SWITCHYARD_DATA_DIR: path.join(root, 'desk-data'), SWITCHYARD_SSH_CONFIG: configFile } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(desk.url);
    console.log(`scale: ${HOSTS} hosts × ${SESSIONS} sessions through sshd; Chromium ${browser.version()}, ${os.cpus().length} cores`);

    let started = performance.now();
    const hostIds: string[] = [];
    for (let i = 0; i < HOSTS; i++) {
      const host = await deskCall(desk, 'hosts.add', { target: aliases[i]!, name: `box ${i + 1}`, daemonPort: proxyPort(i) });
      hostIds.push(host.id);
    }
    await waitFor(async () => (await deskCall(desk, 'hosts.list', {})).filter((host) => hostIds.includes(host.id) && host.link.status === 'connected').length === HOSTS, `${HOSTS} hosts connected`, 120_000);
    const connectSeconds = Math.round((performance.now() - started) / 100) / 10;
    console.log(`scale: ${HOSTS} hosts added and connected in ${connectSeconds} s`);

    started = performance.now();
    const sessions: { key: string; name: string; hostId: string }[] = [];
    for (const hostId of hostIds) {
      for (let n = 0; n < SESSIONS; n++) {
        const session = await deskCall(desk, 'sessions.create', { hostId, path: root });
        sessions.push({ key: session.key, name: session.name, hostId });
      }
    }
    const createSeconds = Math.round((performance.now() - started) / 100) / 10;
    console.log(`scale: ${sessions.length} sessions created in ${createSeconds} s`);

    await page.getByRole('button', { name: 'Session board' }).click();
    await waitFor(async () => (await page.locator('.board-row').count()) === sessions.length, `${sessions.length} board rows`, 60_000);
    // Names repeat (one folder); a row is found by its name, so the probed sessions get names of their own.
    const streamers = hostIds.slice(0, STREAMING).map((hostId) => sessions.find((session) => session.hostId === hostId)!);
    const probes = Array.from({ length: PROBES }, (_, i) => sessions.filter((session) => session.hostId === hostIds[STREAMING + (i % (HOSTS - STREAMING))])[1 + Math.floor(i / (HOSTS - STREAMING))]!);
    for (const [i, session] of probes.entries()) {
      session.name = `probe ${i + 1}`;
      await deskCall(desk, 'sessions.rename', { key: session.key, name: session.name });
    }

    healthLog.recording = true;
    const healthStarted = performance.now();
    const idle = await deskCost(desk.pid, () => new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000)));
    console.log(`scale: desk idle ${idle.cpuPerSecond} CPU s/s, RSS ${idle.rssMb} MB`);

    await startFrameProbe(page);
    const profile = process.env.BENCH_SCALE_PROFILE ? path.join(process.env.BENCH_SCALE_PROFILE, 'board-streaming.cpuprofile') : undefined;
    const streaming = await deskCost(desk.pid, () => profiled(page, profile, async () => {
      for (const session of streamers) await deskCall(desk, 'sessions.send', { key: session.key, message: `events: ${STREAM_RATE * 12} at ${STREAM_RATE}/s` });
      const delays: number[] = [];
      for (const session of probes) {
        delays.push(await boardUpdate(page, desk, session));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return delays;
    }));
    const boardFrames = frameStats(await stopFrameProbe(page));
    healthLog.recording = false;
    const healthSeconds = (performance.now() - healthStarted) / 1000;
    const checks = [...healthLog.perHost.values()].reduce((sum, count) => sum + count, 0);
    const delays = streaming.result;
    console.log(`scale: board update ${delays.map((delay) => Math.round(delay)).join(', ')} ms; desk ${streaming.cpuPerSecond} CPU s/s, RSS ${streaming.rssMb} MB while ${STREAMING} sessions stream`);

    const figures: ScaleFigures = {
      hosts: HOSTS,
      sessions: sessions.length,
      connectSeconds,
      createSeconds,
      idle: { cpuPerSecond: idle.cpuPerSecond, rssMb: idle.rssMb },
      streaming: { sessions: STREAMING, cpuPerSecond: streaming.cpuPerSecond, rssMb: streaming.rssMb },
      boardUpdateP50Ms: Math.round(percentile(delays, 50)),
      boardUpdateMaxMs: Math.round(Math.max(...delays)),
      boardFrames,
      health: {
        seconds: Math.round(healthSeconds),
        checksPerHostPerMinute: Math.round((checks / HOSTS / healthSeconds) * 60 * 10) / 10,
        peakInFlight: healthLog.peak,
        p50Ms: Math.round(percentile(healthLog.durations, 50) * 10) / 10,
        p99Ms: Math.round(percentile(healthLog.durations, 99) * 10) / 10,
      },
      rows: [],
    };
    const reported = (measure: string, value: string) => figures.rows.push({ measure: `scale (${HOSTS} hosts × ${SESSIONS} sessions): ${measure}`, value, target: '(reported)', met: true });
    reported('board update, send → row says Running', `p50 ${figures.boardUpdateP50Ms} ms, max ${figures.boardUpdateMaxMs} ms`);
    reported('desk CPU and RSS, idle', `${idle.cpuPerSecond} CPU s/s, ${idle.rssMb} MB`);
    reported(`desk CPU and RSS, ${STREAMING} streaming`, `${streaming.cpuPerSecond} CPU s/s, ${streaming.rssMb} MB`);
    reported('health polling', `${figures.health.checksPerHostPerMinute} checks per host a minute, at most ${figures.health.peakInFlight} in flight (limit 4), p50 ${figures.health.p50Ms} ms, p99 ${figures.health.p99Ms} ms`);
    reported('board frames meanwhile', `${boardFrames.fps} fps, p99 ${boardFrames.p99Ms} ms, ${boardFrames.longTasks} long tasks`);
    console.log('| measure | value |');
    console.log('|---|---|');
    console.log(`| hosts added and connected | ${connectSeconds} s |`);
    console.log(`| sessions created | ${createSeconds} s |`);
    for (const row of figures.rows) console.log(`| ${row.measure} | ${row.value} |`);
    console.log(JSON.stringify({ bench: 'scale', ...figures, cores: os.cpus().length, chromium: browser.version() }));
  } finally {
    await browser.close();
    await desk.stop();
    for (const proxy of proxies) proxy.close();
    for (const daemon of daemons) await daemon.stop();
    await ssh.cleanup();
    await rm(root, { recursive: true, force: true });
  }
}

runBench(main);
