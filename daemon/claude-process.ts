/**
 * One running Claude CLI: its command line, its stdout as parsed JSON lines, the tail of its
 * stderr, and a stop that never leaves a process behind (SIGINT, then SIGTERM, then SIGKILL
 * to the whole tree after grace periods).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Mode } from '../shared/protocol.js';
import { delay } from '../shared/clock.js';
import { processTree, signalTree, stillRunning } from '../shared/node/process-tree.js';

export interface ClaudeLaunch {
  /** The CLI command and its own leading arguments, e.g. ['claude'] or ['node', 'fake.mjs']. */
  command: readonly string[];
  cwd: string;
  mode: Mode;
  sdkSessionId: string | null;
  /** Persistent: messages arrive on stdin as stream-json. Otherwise: `prompt` is the argument. */
  persistent: boolean;
  prompt?: string;
  appendSystemPrompt?: string;
  env: NodeJS.ProcessEnv;
}

export interface ClaudeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawnError?: string;
  stderrTail: string;
}

const MODE_FLAGS: Record<Mode, string[]> = {
  auto: ['--dangerously-skip-permissions'],
  code: ['--permission-mode', 'acceptEdits'],
  plan: ['--permission-mode', 'plan'],
  ask: ['--permission-mode', 'default'],
};

/** The CLI's arguments for a launch (after the command's own). */
export function claudeArgs(launch: Omit<ClaudeLaunch, 'command' | 'cwd' | 'env'>): string[] {
  const args = ['--print', '--output-format', 'stream-json', '--verbose', '--include-partial-messages'];
  if (launch.persistent) args.push('--input-format', 'stream-json');
  args.push(...MODE_FLAGS[launch.mode]);
  if (launch.sdkSessionId) args.push('--resume', launch.sdkSessionId);
  if (launch.appendSystemPrompt) args.push('--append-system-prompt', launch.appendSystemPrompt);
  // After `--`, a message that starts with a dash is still the message.
  if (!launch.persistent) args.push('--', launch.prompt ?? '');
  return args;
}

const STDERR_TAIL_BYTES = 4000;

export class ClaudeProcess {
  readonly exited: Promise<ClaudeExit>;
  private readonly child: ChildProcess;
  private stderrTail = '';
  private stdoutRest = '';
  private hasExited = false;

  constructor(
    readonly launch: ClaudeLaunch,
    onLines: (lines: unknown[]) => void,
    log: (message: string) => void,
  ) {
    const [program = 'claude', ...leading] = launch.command;
    this.child = spawn(program, [...leading, ...claudeArgs(launch)], {
      cwd: launch.cwd,
      env: launch.env,
      // Its own process group, so a signal to the daemon's terminal does not reach it directly.
      detached: process.platform !== 'win32',
      // A prompt argument with an open stdin makes the CLI wait ~3 s for input (CLAUDE-CLI.md).
      stdio: [launch.persistent ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.child.stdin?.on('error', () => undefined);
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      const lines = this.splitLines(chunk, log);
      if (lines.length > 0) onLines(lines);
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    this.exited = new Promise<ClaudeExit>((resolve) => {
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        this.hasExited = true;
        const hint = error.code === 'ENOENT' ? ' (not found: install the Claude CLI or pass --claude <command>)' : '';
        resolve({ code: null, signal: null, spawnError: `could not start ${program}${hint}: ${error.message}`, stderrTail: '' });
      });
      // 'close' comes after stdout has been read to the end, so no line is lost.
      this.child.once('close', (code, signal) => {
        this.hasExited = true;
        resolve({ code, signal, stderrTail: this.stderrTail.trim() });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.hasExited;
  }

  /** Persistent form: one user message, as a stream-json line on stdin. */
  sendMessage(message: string): void {
    this.writeLine({ type: 'user', message: { role: 'user', content: message } });
  }

  /** Persistent form: ask the CLI to cancel the running turn cleanly. */
  requestInterrupt(): void {
    this.writeLine({ type: 'control_request', request_id: `interrupt-${Date.now()}`, request: { subtype: 'interrupt' } });
  }

  /**
   * Stops the CLI and everything it started: SIGINT (the CLI ends its tools and prints what it
   * has), then SIGTERM and SIGKILL to the whole tree, each after `graceMs` without an exit.
   */
  async stop(graceMs: number): Promise<ClaudeExit> {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return this.exited;
    const tree = processTree(pid);
    const members = new Set(tree.map((entry) => entry.pid));
    const within = (ms: number) => Promise.race([this.exited.then(() => true), delay(ms).then(() => false)]);
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
    if (!(await within(graceMs))) {
      signalTree(mergeTrees(tree, processTree(pid)), 'SIGTERM');
      if (!(await within(graceMs))) signalTree(mergeTrees(tree, processTree(pid)), 'SIGKILL');
    }
    const exit = await this.exited;
    await reapOrphans(members, graceMs);
    return exit;
  }

  /** Persistent form: close stdin so the CLI ends by itself, then make sure it did. */
  async close(graceMs: number): Promise<void> {
    this.child.stdin?.end();
    const ended = await Promise.race([this.exited.then(() => true), delay(graceMs).then(() => false)]);
    if (!ended) await this.stop(graceMs);
  }

  private writeLine(value: unknown): void {
    if (this.running && this.child.stdin?.writable) this.child.stdin.write(`${JSON.stringify(value)}\n`);
  }

  private splitLines(chunk: string, log: (message: string) => void): unknown[] {
    const text = this.stdoutRest + chunk;
    const lines = text.split('\n');
    this.stdoutRest = lines.pop() ?? '';
    const parsed: unknown[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        parsed.push(JSON.parse(line));
      } catch {
        log(`claude printed a line that is not JSON: ${line.slice(0, 200)}`);
      }
    }
    return parsed;
  }
}

function mergeTrees(a: ReturnType<typeof processTree>, b: ReturnType<typeof processTree>) {
  const seen = new Set(a.map((entry) => entry.pid));
  return [...a, ...b.filter((entry) => !seen.has(entry.pid))];
}

/** Tool processes the CLI left behind when it died: terminate, then kill what is left. */
async function reapOrphans(members: Set<number>, graceMs: number): Promise<void> {
  let left = stillRunning(members);
  if (left.length === 0) return;
  const entries = left.flatMap((pid) => processTree(pid));
  signalTree(entries, 'SIGTERM');
  for (let waited = 0; waited < graceMs && left.length > 0; waited += 50) {
    await delay(50);
    left = stillRunning(members);
  }
  if (left.length > 0) signalTree(left.flatMap((pid) => processTree(pid)), 'SIGKILL');
}
