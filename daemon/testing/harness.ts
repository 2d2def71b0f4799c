/**
 * Starts real parts for tests: the bundled daemon as its own process, the real Claude CLI, the
 * scripted model server, each test in its own temp folders (CLAUDE_CONFIG_DIR, TMPDIR, data).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaemonClient } from '../../electron/client/index.js';
import { delay } from '../../shared/clock.js';
import { CLI_RUN_MARKER, processesWithEnvironment } from '../cli-leftovers.js';
import { startModelServer, type ModelServer } from './model-server.js';
import { processTree } from '../../shared/node/process-tree.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DAEMON_BUNDLE = path.join(ROOT, 'dist', 'daemon.mjs');
export const CLAUDE_BIN = path.join(ROOT, 'node_modules', '.bin', 'claude');

export interface ClaudeTestEnv {
  root: string;
  /** A project folder for sessions. */
  workDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  model: ModelServer;
  cleanup(): Promise<void>;
}

/** The parent's environment without anything that would point the CLI at a real account. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // IS_SANDBOX too: the daemon's tests run as root as a host would, without the CLI's sandbox escape.
    if (/^(ANTHROPIC_|CLAUDE|CLAUDECODE|IS_SANDBOX$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

export async function claudeTestEnv(): Promise<ClaudeTestEnv> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'switchyard-test-'));
  const dirs = { config: path.join(root, 'claude-config'), tmp: path.join(root, 'tmp'), work: path.join(root, 'work'), data: path.join(root, 'daemon-data'), home: path.join(root, 'home') };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));
  const model = await startModelServer();
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    ANTHROPIC_BASE_URL: model.url,
    ANTHROPIC_API_KEY: 'sk-test-scripted',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
    CLAUDE_CONFIG_DIR: dirs.config,
    TMPDIR: dirs.tmp,
    // A home of its own: the CLI's Bash reads the user's shell startup files, and this machine's
    // (pyenv init) can hang a minute on a lock a killed command left behind.
    HOME: dirs.home,
  };
  return {
    root,
    workDir: dirs.work,
    dataDir: dirs.data,
    env,
    model,
    cleanup: async () => {
      await model.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface RunningDaemon {
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code once the daemon has exited (null after a signal). */
  exited: Promise<number | null>;
  stderr(): string;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface DaemonOptions {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  claude?: string;
  args?: string[];
  /** Node's own options, before the daemon's script (e.g. --cpu-prof for a benchmark). */
  nodeArgs?: string[];
  /** 'pipe': the daemon's stdin is a pipe the test holds (`child.stdin`); otherwise none. */
  stdin?: 'pipe' | 'ignore';
}

export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const args = [
    ...(options.nodeArgs ?? []),
    DAEMON_BUNDLE,
    '--port',
    '0',
    '--data-dir',
    options.dataDir,
    '--claude',
    options.claude ?? CLAUDE_BIN,
    '--ping-interval',
    '1000',
    '--grace',
    '1000',
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { env: options.env, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /DAEMON_PORT=(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`daemon exited with ${code} before listening: ${stderr}`)));
  });
  return {
    port,
    pid: child.pid!,
    child,
    exited,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * One daemon with the real CLI for a whole test file: temp folders, scripted model, daemon and
 * client, started before the file's tests and stopped after them.
 */
export function useDaemonFixture(hooks: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void }) {
  let env: ClaudeTestEnv | undefined;
  let daemon: RunningDaemon | undefined;
  const client = new DaemonClient();
  hooks.beforeAll(async () => {
    env = await claudeTestEnv();
    daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
  });
  hooks.afterAll(async () => {
    await client.close();
    await daemon?.stop();
    await env?.cleanup();
  });
  return {
    client,
    get env(): ClaudeTestEnv {
      return env!;
    },
    get daemon(): RunningDaemon {
      return daemon!;
    },
  };
}

type Hook = (fn: () => Promise<void>) => void;

/** Every process of a test world still running: whatever carries its CLAUDE_CONFIG_DIR (its daemons, the CLIs, their tools). */
export function worldProcesses(env: ClaudeTestEnv): number[] {
  const needle = `\0CLAUDE_CONFIG_DIR=${env.env.CLAUDE_CONFIG_DIR}\0`;
  return processesWithEnvironment((environment) => environment.includes(needle));
}

/** Pids of the Claude CLIs a test world runs (with their tools): the daemon's marker, and the world's config folder. */
export function worldClis(env: ClaudeTestEnv): number[] {
  const config = `\0CLAUDE_CONFIG_DIR=${env.env.CLAUDE_CONFIG_DIR}\0`;
  return processesWithEnvironment((environment) => environment.includes(config) && environment.includes(`\0${CLI_RUN_MARKER}=`));
}

/**
 * A world of its own for every test: temp folders and scripted model before it; after it,
 * every daemon it started stopped (SIGTERM, as a host would), anything of the world still
 * running killed, and the folders removed. One client for the whole file.
 */
export function useTestWorld(hooks: { beforeEach: Hook; afterEach: Hook; afterAll: Hook }) {
  let env: ClaudeTestEnv | undefined;
  const daemons: RunningDaemon[] = [];
  const client = new DaemonClient();
  hooks.beforeEach(async () => {
    env = await claudeTestEnv();
  });
  hooks.afterEach(async () => {
    await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
    if (!env) return;
    for (let waited = 0; worldProcesses(env).length > 0 && waited < 5_000; waited += 50) {
      for (const pid of worldProcesses(env)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      await delay(50);
    }
    await env.cleanup();
  });
  hooks.afterAll(() => client.close());
  return {
    client,
    get env(): ClaudeTestEnv {
      return env!;
    },
    /** A daemon on this test's data dir (the real CLI unless `claude` says otherwise). */
    async start(options: Partial<DaemonOptions> = {}): Promise<RunningDaemon> {
      const daemon = await startDaemon({ env: env!.env, dataDir: env!.dataDir, ...options });
      daemons.push(daemon);
      return daemon;
    },
  };
}

/** The session CLIs a daemon runs now: its children with the run marker (not its `claude --version` or `auth status` probes). */
export function daemonClis(daemonPid: number): number[] {
  const marked = new Set(processesWithEnvironment((environment) => environment.includes(`\0${CLI_RUN_MARKER}=`)));
  return processTree(daemonPid)
    .filter((entry) => entry.ppid === daemonPid && marked.has(entry.pid))
    .map((entry) => entry.pid);
}
