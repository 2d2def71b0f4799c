/**
 * One running Claude CLI: its stdout as parsed JSON lines, the tail of its stderr, and a stop
 * that never leaves a process behind (SIGINT, then SIGTERM, then SIGKILL to the whole tree
 * after grace periods).
 *
 * The CLI's end is its exit, not the end of its pipes: a process it started may hold stdout
 * open for ever. After the exit the output gets a short while to drain, then whatever the CLI
 * left behind is ended (which closes the pipes, so nothing it wrote is lost) and reading stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { delay } from '../shared/clock.js';
import { processTree, signalTree } from '../shared/node/process-tree.js';
import { claudeArgs, type ClaudeLaunch } from './claude-args.js';
import { CLI_RUN_MARKER, endLeftovers, newRunId, type ProcessEntry } from './cli-leftovers.js';

export interface ClaudeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawnError?: string;
  stderrTail: string;
}

/** The CLI's answer to a control request: `subtype` is `success` or `error`. */
export interface ControlAnswer {
  subtype?: string;
  error?: string;
  response?: unknown;
}

export interface ClaudeProcessOptions {
  onLines: (lines: unknown[]) => void;
  log: (message: string) => void;
  /** Wait between the steps of a stop, and for what the CLI left behind to end. */
  graceMs: number;
}

const STDERR_TAIL_BYTES = 4000;
/** How long the output may go on after the CLI exited before what holds it open is ended. */
const DRAIN_MS = 200;

export class ClaudeProcess {
  /** The CLI exited, its output was read and what it left behind was ended. */
  readonly exited: Promise<ClaudeExit>;
  private readonly child: ChildProcess;
  private readonly runId = newRunId();
  private readonly processEnded: Promise<void>;
  private stderrTail = '';
  private stdoutRest = '';
  private hasExited = false;
  /** Every process seen in the CLI's tree while stopping it. */
  private tree: ProcessEntry[] = [];
  private readonly pendingControls = new Map<string, (answer: ControlAnswer) => void>();
  private controlCount = 0;

  constructor(
    readonly launch: ClaudeLaunch,
    private readonly options: ClaudeProcessOptions,
  ) {
    const [program = 'claude', ...leading] = launch.command;
    this.child = spawn(program, [...leading, ...claudeArgs(launch)], {
      cwd: launch.cwd,
      env: { ...launch.env, [CLI_RUN_MARKER]: this.runId },
      // Its own process group, so a signal to the daemon's terminal does not reach it directly.
      detached: process.platform !== 'win32',
      // A prompt argument with an open stdin makes the CLI wait ~3 s for input (docs/claude-cli.md).
      stdio: [launch.persistent ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.child.stdin?.on('error', () => undefined);
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => this.read(chunk));
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    let processEnded!: () => void;
    this.processEnded = new Promise((resolve) => (processEnded = resolve));
    this.exited = new Promise<ClaudeExit>((resolve) => {
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        if (this.hasExited) return;
        this.hasExited = true;
        processEnded();
        const hint = error.code === 'ENOENT' ? ' (not found: install the Claude CLI or pass --claude <command>)' : '';
        resolve({ code: null, signal: null, spawnError: `could not start ${program}${hint}: ${error.message}`, stderrTail: '' });
      });
      this.child.once('exit', (code, signal) => {
        this.hasExited = true;
        processEnded();
        void this.afterExit().then(() => resolve({ code, signal, stderrTail: this.stderrTail.trim() }));
      });
    });
  }

  get running(): boolean {
    return !this.hasExited;
  }

  /** Persistent form: one user message, as a stream-json line on stdin. */
  sendMessage(message: string): void {
    this.writeLine({ type: 'user', message: { role: 'user', content: message } });
  }

  /** Persistent form: the answer to a control request of the CLI (a permission request). */
  respond(requestId: string, response: Record<string, unknown>): void {
    this.writeLine({ type: 'control_response', response: { subtype: 'success', request_id: requestId, response } });
  }

  /** Persistent form: a control request of the CLI the daemon does not serve, refused so it does not wait. */
  refuseControl(requestId: string, error: string): void {
    this.writeLine({ type: 'control_response', response: { subtype: 'error', request_id: requestId, error } });
  }

  /** Persistent form: ask the CLI to cancel the running turn cleanly. */
  requestInterrupt(): void {
    void this.control({ subtype: 'interrupt' });
  }

  /**
   * Persistent form: a control request (docs/claude-cli.md, "Control messages").
   * Resolves with the CLI's answer, or undefined when none came within `waitMs`.
   */
  async control(request: { subtype: string } & Record<string, unknown>, waitMs = this.options.graceMs): Promise<ControlAnswer | undefined> {
    const id = `${request.subtype}-${++this.controlCount}`;
    const answered = new Promise<ControlAnswer>((resolve) => this.pendingControls.set(id, resolve));
    this.writeLine({ type: 'control_request', request_id: id, request });
    const answer = await Promise.race([answered, this.endsWithin(waitMs).then(() => undefined)]);
    this.pendingControls.delete(id);
    return answer;
  }

  /**
   * Stops the CLI and everything it started: SIGINT (the CLI ends its tools and prints what it
   * has), then SIGTERM and SIGKILL to the whole tree, each after the grace without an exit.
   */
  async stop(): Promise<ClaudeExit> {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return this.exited;
    this.snapshot(pid);
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already gone.
    }
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (await this.endsWithin(this.options.graceMs)) break;
      signalTree(this.snapshot(pid), signal);
    }
    return this.exited;
  }

  /**
   * Persistent form, after an interrupt: ends what the turn's tools left running. A tool's
   * shell has a process group of its own, and one that started as the interrupt came can
   * outlive it; the CLI and its helpers share the CLI's group and go on.
   */
  async endTools(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return;
    await endLeftovers(this.runId, [], this.options.graceMs, (entry) => entry.pgid !== pid);
  }

  /** Persistent form: close stdin so the CLI ends by itself, then make sure it did. */
  async close(): Promise<ClaudeExit> {
    this.child.stdin?.end();
    if (!(await this.endsWithin(this.options.graceMs))) return this.stop();
    return this.exited;
  }

  private endsWithin(ms: number): Promise<boolean> {
    return Promise.race([this.processEnded.then(() => true), delay(ms).then(() => false)]);
  }

  /** The CLI's tree now, merged into what was seen before (members may have left it since). */
  private snapshot(pid: number): ProcessEntry[] {
    const seen = new Set(this.tree.map((entry) => entry.pid));
    this.tree.push(...processTree(pid).filter((entry) => !seen.has(entry.pid)));
    return this.tree;
  }

  private async afterExit(): Promise<void> {
    const output = [this.child.stdout!, this.child.stderr!];
    await outputEnded(output, DRAIN_MS);
    await endLeftovers(this.runId, this.tree.map((entry) => entry.pid), this.options.graceMs);
    await outputEnded(output, DRAIN_MS);
    for (const stream of output) stream.destroy();
    // A last line without its newline is still a line.
    if (this.stdoutRest.trim()) this.read('\n');
  }

  private writeLine(value: unknown): void {
    if (this.running && this.child.stdin?.writable) this.child.stdin.write(`${JSON.stringify(value)}\n`);
  }

  private read(chunk: string): void {
    const lines = (this.stdoutRest + chunk).split('\n');
    this.stdoutRest = lines.pop() ?? '';
    const parsed: unknown[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        const value: unknown = JSON.parse(line);
        // Answers to control requests are the daemon's business, not the transcript's.
        if (!this.settleControl(value)) parsed.push(value);
      } catch {
        this.options.log(`claude printed a line that is not JSON: ${line.slice(0, 200)}`);
      }
    }
    if (parsed.length > 0) this.options.onLines(parsed);
  }

  private settleControl(line: unknown): boolean {
    if (typeof line !== 'object' || line === null) return false;
    const { type, response } = line as { type?: unknown; response?: ControlAnswer & { request_id?: unknown } };
    if (type !== 'control_response') return false;
    if (typeof response?.request_id === 'string') this.pendingControls.get(response.request_id)?.(response);
    return true;
  }
}

/** Resolves true once every stream has ended, false after `ms`. */
function outputEnded(streams: Readable[], ms: number): Promise<boolean> {
  const ended = streams.map((stream) =>
    stream.readableEnded || stream.destroyed ? Promise.resolve() : new Promise<void>((resolve) => stream.once('end', resolve).once('close', resolve)),
  );
  return Promise.race([Promise.all(ended).then(() => true), delay(ms).then(() => false)]);
}
