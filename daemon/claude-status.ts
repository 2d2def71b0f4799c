/**
 * Whether Claude can run on this host (`claude-status`): the configured command asked for
 * `--version` and `auth status`, each with a time limit and bounded output, no shell. What the
 * CLI does not say is left absent, never guessed; what went wrong is said in `error`.
 *
 * The status is cached: `health.check` answers it at once and starts a refresh in the
 * background once it is older than a minute; a forced refresh (`refreshClaude`, a turn that
 * failed to start) probes now. Never more than one probe runs at a time: a forced refresh that
 * comes while one runs waits for it and then probes once more (shared by every request that
 * came meanwhile), so its answer is never older than the request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
import type { ClaudeStatus } from '../shared/protocol.js';

export interface ClaudeStatusOptions {
  /** The Claude CLI command and its own leading arguments (config.claudeCommand). */
  command: readonly string[];
  /** The environment the daemon's CLIs get. */
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** Per command; default 10 s. */
  timeoutMs?: number;
  /** How old a status may be before `current()` refreshes it in the background; default 60 s. */
  maxAgeMs?: number;
}

/** What `claude auth status` prints (JSON); members it adds are kept out of the status. */
const AuthStatus = z.looseObject({
  loggedIn: z.boolean(),
  authMethod: z.string().optional(),
  apiProvider: z.string().optional(),
});

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_AGE_MS = 60_000;
/** Kept of each of a command's stdout and stderr; the rest is dropped. */
const OUTPUT_LIMIT = 64 * 1024;
/** Of a command's own message, quoted in `error`. */
const EXCERPT_CHARS = 400;

interface CommandRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The command could not be started (ENOENT, EACCES, ...). */
  spawnError?: NodeJS.ErrnoException;
  timedOut: boolean;
}

export class ClaudeStatusProbe {
  private status: ClaudeStatus | undefined;
  private checkedAtMs = 0;
  private inFlight: Promise<ClaudeStatus> | undefined;
  /** The probe forced refreshes wait for while another runs. */
  private queued: Promise<ClaudeStatus> | undefined;
  private readonly children = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly options: ClaudeStatusOptions) {}

  /** The status as last probed (undefined until the first probe ended); refreshes in the background when it is stale. */
  current(): ClaudeStatus | undefined {
    const maxAge = this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (!this.inFlight && (!this.status || Date.now() - this.checkedAtMs >= maxAge)) void this.launch();
    return this.status;
  }

  /** Probes now (after the probe that runs, if one does) and resolves with that status. */
  refresh(): Promise<ClaudeStatus> {
    if (!this.inFlight) return this.launch();
    this.queued ??= this.inFlight.then(() => {
      this.queued = undefined;
      return this.inFlight ?? this.launch();
    });
    return this.queued;
  }

  /** Ends a probe that runs (daemon shutdown): nothing of it outlives the daemon. */
  async close(): Promise<void> {
    this.closed = true;
    for (const child of this.children) killGroup(child);
    await this.inFlight?.catch(() => undefined);
  }

  private launch(): Promise<ClaudeStatus> {
    const probe = this.probe()
      .then((status) => {
        this.remember(status);
        return status;
      })
      .finally(() => (this.inFlight = undefined));
    this.inFlight = probe;
    return probe;
  }

  private remember(status: ClaudeStatus): void {
    const before = this.status ? describe(this.status) : undefined;
    this.status = status;
    this.checkedAtMs = Date.now();
    const now = describe(status);
    if (now !== before) this.options.log(`claude (${status.command}): ${now}`);
  }

  private async probe(): Promise<ClaudeStatus> {
    const command = this.options.command.join(' ');
    const base = { command, runningAsRoot: process.getuid?.() === 0 };
    if (this.closed) return { ...base, found: false, error: 'the daemon is stopping', checkedAt: new Date().toISOString() };
    // Both at once: the answer comes in the time of the slower one.
    const [version, auth] = await Promise.all([this.run(['--version']), this.run(['auth', 'status'])]);
    const checkedAt = () => new Date().toISOString();
    const versionLine = firstLine(version.stdout);
    if (version.spawnError) return { ...base, found: false, error: notStarted(this.options.command, version.spawnError), checkedAt: checkedAt() };
    // Missing is only what the system says is missing (127: a shell or wrapper found no program). A
    // slow or failing `--version` leaves it unknown, which holds nothing back.
    if (version.code === 127) return { ...base, found: false, error: failure(`${command} --version`, version, this.timeoutMs), checkedAt: checkedAt() };
    if (version.timedOut || version.code !== 0 || !versionLine) {
      return { ...base, found: true, error: failure(`${command} --version`, version, this.timeoutMs), checkedAt: checkedAt() };
    }
    const found = { ...base, found: true, version: versionLine };
    if (auth.spawnError) return { ...found, error: notStarted(this.options.command, auth.spawnError), checkedAt: checkedAt() };
    // A logged-out CLI prints its JSON and exits 1 (2.1.197); the JSON is what counts.
    const parsed = auth.timedOut ? undefined : AuthStatus.safeParse(parseJson(auth.stdout));
    if (!parsed?.success) return { ...found, error: failure(`${command} auth status`, auth, this.timeoutMs, 'did not print its login state as JSON'), checkedAt: checkedAt() };
    const { loggedIn, authMethod, apiProvider } = parsed.data;
    return {
      ...found,
      loggedIn,
      ...(authMethod !== undefined ? { authMethod } : {}),
      ...(apiProvider !== undefined ? { apiProvider } : {}),
      checkedAt: checkedAt(),
    };
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs the command with `args`: no shell, no stdin, bounded output, killed (with all it started) at the time limit. */
  private run(args: string[]): Promise<CommandRun> {
    const [program = 'claude', ...leading] = this.options.command;
    return new Promise((resolve) => {
      const out = { stdout: '', stderr: '' };
      let settled = false;
      const settle = (run: Omit<CommandRun, 'stdout' | 'stderr'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.children.delete(child);
        resolve({ ...out, ...run });
      };
      let child: ChildProcess;
      try {
        child = spawn(program, [...leading, ...args], {
          env: this.options.env,
          stdio: ['ignore', 'pipe', 'pipe'],
          // Its own process group, so the time limit ends whatever it started too.
          detached: process.platform !== 'win32',
        });
      } catch (error) {
        resolve({ ...out, code: null, signal: null, spawnError: error as NodeJS.ErrnoException, timedOut: false });
        return;
      }
      this.children.add(child);
      const timer = setTimeout(() => {
        killGroup(child);
        settle({ code: null, signal: 'SIGKILL', timedOut: true });
      }, this.timeoutMs);
      for (const name of ['stdout', 'stderr'] as const) {
        child[name]!.setEncoding('utf8').on('data', (chunk: string) => {
          if (out[name].length < OUTPUT_LIMIT) out[name] = (out[name] + chunk).slice(0, OUTPUT_LIMIT);
        });
      }
      child.once('error', (error: NodeJS.ErrnoException) => settle({ code: null, signal: null, spawnError: error, timedOut: false }));
      child.once('close', (code, signal) => settle({ code, signal, timedOut: false }));
    });
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
  } catch {
    // Gone meanwhile.
  }
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').trim().slice(0, 200);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function excerpt(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length > EXCERPT_CHARS ? `${trimmed.slice(0, EXCERPT_CHARS)}…` : trimmed;
}

/** Why the command could not be started, in words. */
function notStarted(command: readonly string[], error: NodeJS.ErrnoException): string {
  const program = command[0] ?? 'claude';
  const where = program.includes('/') ? `${program} does not exist` : `\`${program}\` was not found on PATH`;
  if (error.code === 'ENOENT') return `${where}: install the Claude CLI (npm install -g @anthropic-ai/claude-code) or start the daemon with --claude <command>`;
  if (error.code === 'EACCES') return `${program} cannot be run (permission denied): make it executable, or start the daemon with --claude <command>`;
  return `${program} could not be started: ${error.message}`;
}

/** What went wrong with a command that ran, with its own message. */
function failure(what: string, run: CommandRun, timeoutMs: number, instead?: string): string {
  if (run.timedOut) return `\`${what}\` did not answer within ${Math.round(timeoutMs / 1000)} s`;
  const how = run.signal ? `was stopped by ${run.signal}` : run.code === 0 ? (instead ?? 'printed nothing') : `exited with code ${run.code}`;
  const said = excerpt(run.stderr) || excerpt(run.stdout);
  return `\`${what}\` ${how}${said ? `: ${said}` : ' without a message'}`;
}

/** One line for the daemon's log. */
function describe(status: ClaudeStatus): string {
  if (!status.found) return `not usable: ${status.error ?? 'not found'}`;
  const login = status.loggedIn === undefined ? `login state unknown (${status.error ?? 'no answer'})` : status.loggedIn ? `logged in (${status.authMethod ?? 'unknown method'})` : 'not logged in';
  return `${status.version ?? 'unknown version'}, ${login}`;
}
