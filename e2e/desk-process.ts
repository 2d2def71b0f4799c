/**
 * One desk in browser mode (`node dist/app/serve.mjs`) as its own process group, so that
 * stopping it can also end what it started: the embedded daemon, the CLI processes under it,
 * SSH tunnels.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTree, signalTree } from '../shared/node/process-tree.js';
import type { DeskMethodName, DeskParams, DeskResult } from '../shared/desk-api.js';
import { waitUntil } from './processes.js';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SERVE_BUNDLE = path.join(REPO_ROOT, 'dist', 'app', 'serve.mjs');

const LOG_TAIL = 64_000;

export interface DeskProcessOptions {
  env: NodeJS.ProcessEnv;
  /** Listen on this port (a restarted desk keeps its origin, and so the page's storage). */
  port?: number;
  readyTimeoutMs?: number;
  /** What to run instead of the built server, e.g. `scripts/start.mjs` (node arguments). */
  entry?: string[];
}

export interface DeskProcess {
  readonly pid: number;
  /** The URL with the access token, as the desk printed it. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The desk's stderr (its own log and its embedded daemon's), the latest part. */
  log(): string;
  readonly running: boolean;
  /**
   * SIGTERM (the desk closes links and its daemon), bounded by `graceMs`; then SIGKILL for the
   * whole tree and group, which also ends anything a graceful exit left behind.
   */
  stop(graceMs?: number): Promise<{ graceful: boolean }>;
}

const tail = (text: string, lines = 30) => text.trimEnd().split('\n').slice(-lines).join('\n');

export async function startDesk(options: DeskProcessOptions): Promise<DeskProcess> {
  const args = [...(options.entry ?? [SERVE_BUNDLE]), ...(options.port !== undefined ? ['--port', String(options.port)] : [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-LOG_TAIL)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let url: string;
  try {
    url = await readyUrl(child, exited, timeoutMs, () => log);
  } catch (error) {
    killGroup(child);
    await exited;
    throw error;
  }
  const parsed = new URL(url);
  const pid = child.pid!;
  return {
    pid,
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    log: () => log,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup(child);
        return { graceful: true };
      }
      // Taken before the signal: once the desk has exited, what it left behind is no longer below it.
      const tree = processTree(pid);
      child.kill('SIGTERM');
      const graceful = await waitUntil(() => child.exitCode !== null || child.signalCode !== null, graceMs);
      signalTree(tree, 'SIGKILL');
      killGroup(child);
      await exited;
      return { graceful };
    },
  };
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // The group is empty.
  }
}

function readyUrl(child: ChildProcess, exited: Promise<void>, timeoutMs: number, log: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`the desk (pid ${child.pid}) printed no SWITCHYARD_URL within ${timeoutMs} ms.\nstdout: ${stdout.trim() || '(nothing)'}\nstderr (tail):\n${tail(log()) || '(nothing)'}`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^SWITCHYARD_URL=(\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`the desk could not be started (${process.execPath} ${SERVE_BUNDLE}): ${error.message}`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the desk exited (code ${child.exitCode}, signal ${child.signalCode}) before printing SWITCHYARD_URL.\nstderr (tail):\n${tail(log()) || '(nothing)'}`));
    });
  });
}

/** Calls a desk method as the page would, with the desk's token. */
export async function deskCall<M extends DeskMethodName>(desk: DeskProcess, method: M, params: DeskParams<M>): Promise<DeskResult<M>> {
  const response = await fetch(`http://127.0.0.1:${desk.port}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${desk.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await response.json()) as { result?: DeskResult<M>; error?: { message: string } };
  if (!response.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.result!;
}
