/**
 * Runs a session's turns on the Claude CLI. The fast path keeps one CLI per session
 * (`--input-format stream-json`), so only the first turn pays the CLI's start-up; mode and
 * model changes reach it as control requests, and a dead process starts a new one with
 * `--resume`. Its permission requests go to the session's approvals, in order with the
 * turn's events. Where the persistent form cannot be used, each message gets a process of
 * its own (and approvals cannot work: the CLI refuses what needs permission).
 */
import { delay } from '../shared/clock.js';
import type { EventBody, Mode } from '../shared/protocol.js';
import type { Approvals } from './approvals.js';
import { ClaudeProcess, type ClaudeExit } from './claude-process.js';
import { CLI_PERMISSION_MODES } from './cli-control.js';
import type { CliHolder, CliPool } from './cli-pool.js';
import type { ModelCatalog } from './model-catalog.js';
import { handOutput, PerMessageNotice, type OutputTurn } from './turn-output.js';
import { failedAtStart, judgeTurn, type TurnOutcome } from './turn-verdict.js';

export type { TurnOutcome } from './turn-verdict.js';

export interface TurnContext {
  cwd: string;
  mode: Mode;
  sdkSessionId: string | null;
  /** The model asked for; null: the CLI's default. */
  model: string | null;
  /** Set after a fallback: history for a fresh Claude session, given as extra system prompt. */
  primer?: string;
}

export interface TurnSink {
  emit(events: EventBody[]): void;
  learnSdkSessionId(id: string | null): void;
  learnModel(model: string): void;
  /** History text to prime a fresh Claude session when `--resume` fails. */
  primer(): Promise<string>;
  /** Where the CLI's permission requests wait for their answer. */
  approvals: Pick<Approvals, 'request' | 'withdraw' | 'withdrawAll'>;
}

export interface RunnerOptions {
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  persistent: boolean;
  /** Wait between the steps of a stop (control request, SIGINT, SIGTERM, SIGKILL). */
  graceMs: number;
  /** Filled from the first persistent CLI's `initialize` answer. */
  catalog: ModelCatalog;
  /** Caps live CLIs and stops idle ones. */
  pool: CliPool;
  log: (message: string) => void;
  /** A turn failed before Claude could work (the CLI did not start, or is not logged in). */
  onStartFailure?: () => void;
}

interface ActiveTurn extends OutputTurn {
  /** The process whose output and exit belong to this turn. */
  owner: ClaudeProcess | undefined;
  end: (exit?: ClaudeExit) => void;
  done: Promise<ClaudeExit | undefined>;
}

const INITIALIZE_WAIT_MS = 60_000;

export class TurnRunner implements CliHolder {
  private process: ClaudeProcess | null = null;
  /** Set while a turn waits for a place under --max-clis; aborting it ends the wait. */
  private waiting: AbortController | undefined;
  /** A turn runs with its place in the pool. */
  private hasPlace = false;
  /** The Claude session the persistent process is in, as it last said. */
  private processSdk: string | null = null;
  /** The model the persistent process was started with or last took. */
  private processModel: string | null = null;
  /** The CLI permission mode the persistent process was started with or last took. */
  private processPermissionMode: string | undefined;
  private readonly notice = new PerMessageNotice();
  private turn: ActiveTurn | null = null;
  private persistent: boolean;

  constructor(private readonly options: RunnerOptions) {
    this.persistent = options.persistent;
  }

  /** Whether a live persistent CLI is in this Claude session. */
  holdsClaudeSession(sdkSessionId: string): boolean {
    return this.process?.running === true && this.process.launch.persistent && this.processSdk === sdkSessionId;
  }

  /** Runs one turn, once the pool has a place for its CLI. */
  async run(message: string, context: TurnContext, sink: TurnSink): Promise<TurnOutcome> {
    const waiting = new AbortController();
    this.waiting = waiting;
    const granted = await this.options.pool
      .acquire(this, waiting.signal, () => this.options.log('waits for a CLI: every one --max-clis allows is busy'))
      .finally(() => (this.waiting = undefined));
    if (!granted) {
      sink.emit([{ type: 'interrupted' }]);
      return 'interrupted';
    }
    this.hasPlace = true;
    try {
      return await this.runTurn(message, context, sink);
    } finally {
      this.hasPlace = false;
      this.options.pool.idle(this, this.process?.running === true);
    }
  }

  /** The pool's call: stops the CLI unless a turn came meanwhile; the next turn resumes the Claude session. */
  stopIdle(reason: string): void {
    if (this.hasPlace) return;
    const process = this.process;
    this.process = null;
    if (process) this.options.log(`stopped its CLI (${reason}); the next message starts it again with --resume`);
    void (process?.close() ?? Promise.resolve()).then(() => this.releaseIfIdle());
  }

  /** Tells the pool the CLI is gone, unless a turn holds the place (its end tells the pool). */
  private releaseIfIdle(): void {
    if (!this.hasPlace && !this.process?.running) this.options.pool.released(this);
  }

  private async runTurn(message: string, context: TurnContext, sink: TurnSink): Promise<TurnOutcome> {
    let exit = await this.attempt(message, context, sink);
    const turn = this.turn!;
    if (turn.held.length > 0 && !exit && turn.owner) {
      // The CLI exits right after such a result; its stderr says why.
      exit = await Promise.race([turn.owner.exited, delay(this.options.graceMs).then(() => undefined)]);
    }
    this.turn = null;
    // Before the event that ends the turn: once a turn is over, nothing of it waits.
    sink.approvals.withdrawAll(turn.interrupting ? 'interrupted' : exit ? 'exited' : 'ended');
    const verdict = judgeTurn(turn, exit, context.sdkSessionId !== null, this.persistent);
    if ('outcome' in verdict) {
      if (failedAtStart(turn, verdict.outcome)) this.options.onStartFailure?.();
      if (verdict.events.length > 0) sink.emit(verdict.events);
      return verdict.outcome;
    }
    if (verdict.retry === 'fallback') return this.fallback(message, context, sink);
    this.options.log('this Claude CLI has no --input-format; running one process per message');
    this.persistent = false;
    return this.runTurn(message, context, sink);
  }

  /** Cancels the running turn; resolves once it has ended. False when nothing was running. */
  async interrupt(): Promise<boolean> {
    if (this.waiting) {
      this.waiting.abort();
      return true;
    }
    const turn = this.turn;
    if (!turn) return false;
    turn.interrupting = true;
    const process = this.process;
    if (!process) return true;
    if (this.persistent && process.running) {
      process.requestInterrupt();
      const ended = await Promise.race([turn.done.then(() => true), delay(this.options.graceMs).then(() => false)]);
      if (ended) {
        await process.endTools();
        return true;
      }
    }
    await this.killProcess();
    return true;
  }

  /** Applies a model to the running persistent CLI at once; otherwise the next launch takes it. */
  async setModel(model: string | null): Promise<void> {
    // No model in the request is the CLI's default.
    if (await this.applyLive({ subtype: 'set_model', ...(model ? { model } : {}) }, `model ${model ?? '(default)'}`)) this.processModel = model;
  }

  /** Applies a mode to the running persistent CLI at once; otherwise the next launch takes it. */
  async setMode(mode: Mode): Promise<void> {
    const cliMode = CLI_PERMISSION_MODES[mode];
    if (this.processPermissionMode === cliMode) return;
    if (await this.applyLive({ subtype: 'set_permission_mode', mode: cliMode }, `permission mode ${cliMode}`)) this.processPermissionMode = cliMode;
  }

  /** The CLI took a mode with an answer to its request (an approved plan). */
  cliTookMode(mode: Mode): void {
    if (this.process?.running) this.processPermissionMode = CLI_PERMISSION_MODES[mode];
  }

  /** A deny that stops the turn: it ends as interrupted, not as failed. */
  endTurnAsInterrupted(): void {
    if (this.turn) this.turn.interrupting = true;
  }

  /** A control request to the running persistent CLI; true once it took it. */
  private async applyLive(request: { subtype: string } & Record<string, unknown>, what: string): Promise<boolean> {
    const process = this.process;
    if (!process?.running || !process.launch.persistent) return false;
    const answer = await process.control(request);
    if (answer?.subtype === 'success') return process === this.process;
    this.options.log(`the CLI did not take ${what} (${answer?.error ?? 'no answer'}); the next turn starts it anew with it`);
    return false;
  }

  /** Ends the turn if one runs and stops the CLI and all it started. */
  async shutdown(): Promise<void> {
    if (this.turn || this.waiting) await this.interrupt();
    const process = this.process;
    this.process = null;
    await process?.close();
    this.releaseIfIdle();
  }

  private async killProcess(): Promise<void> {
    const process = this.process;
    this.process = null;
    await process?.stop();
  }

  private async fallback(message: string, context: TurnContext, sink: TurnSink): Promise<TurnOutcome> {
    sink.emit([
      {
        type: 'system',
        subtype: 'fallback',
        message: `Claude session ${context.sdkSessionId} could not be resumed; a fresh Claude session continues, primed with this session's history.`,
      },
    ]);
    sink.learnSdkSessionId(null);
    const primer = await sink.primer();
    return this.runTurn(message, { ...context, sdkSessionId: null, ...(primer ? { primer } : {}) }, sink);
  }

  /** Runs the message once; resolves with the exit when the process ended the turn. */
  private async attempt(message: string, context: TurnContext, sink: TurnSink): Promise<ClaudeExit | undefined> {
    let resolveEnd!: (exit?: ClaudeExit) => void;
    const done = new Promise<ClaudeExit | undefined>((resolve) => (resolveEnd = resolve));
    const turn: ActiveTurn = { sink, interrupting: false, result: undefined, owner: undefined, sawInit: false, held: [], end: resolveEnd, done };
    this.turn = turn;

    if (this.persistent) {
      await this.ensurePersistentProcess(context);
      turn.owner = this.process!;
      this.process!.sendMessage(message);
    } else {
      this.process = this.spawn(context, false, message);
      turn.owner = this.process;
    }
    const exit = await done;
    if (!this.persistent) this.process = null;
    return exit;
  }

  private async ensurePersistentProcess(context: TurnContext): Promise<void> {
    const current = this.process;
    const reusable =
      current?.running &&
      this.processPermissionMode === CLI_PERMISSION_MODES[context.mode] &&
      this.processModel === context.model &&
      !context.primer &&
      (context.sdkSessionId === null || context.sdkSessionId === this.processSdk);
    if (reusable) return;
    if (current) {
      this.process = null;
      await current.close();
    }
    this.processSdk = context.sdkSessionId;
    this.processModel = context.model;
    this.processPermissionMode = CLI_PERMISSION_MODES[context.mode];
    this.process = this.spawn(context, true);
    if (!this.options.catalog.models) {
      // The CLI answers `initialize` once it has started, which can take a while on a busy host.
      void this.process.control({ subtype: 'initialize' }, INITIALIZE_WAIT_MS).then((answer) => this.options.catalog.learn(answer?.response));
    }
  }

  private spawn(context: TurnContext, persistent: boolean, prompt?: string): ClaudeProcess {
    const process: ClaudeProcess = new ClaudeProcess(
      {
        command: this.options.command,
        cwd: context.cwd,
        mode: context.mode,
        sdkSessionId: context.sdkSessionId,
        model: context.model,
        persistent,
        ...(prompt !== undefined ? { prompt } : {}),
        ...(context.primer ? { appendSystemPrompt: context.primer } : {}),
        env: this.options.env,
      },
      { onLines: (lines) => this.onLines(process, lines), log: this.options.log, graceMs: this.options.graceMs },
    );
    void process.exited.then((exit) => {
      if (this.process === process) this.process = null;
      // A persistent process that dies mid-turn, or a per-message one that ends: the turn is over.
      if (this.turn?.owner === process) this.turn.end(exit);
      this.releaseIfIdle();
    });
    return process;
  }

  private onLines(process: ClaudeProcess, lines: unknown[]): void {
    const turn = this.turn?.owner === process ? this.turn : null;
    const handed = handOutput(process, turn, lines, this.notice);
    if (handed.sdkSessionId && process === this.process) this.processSdk = handed.sdkSessionId;
    if (handed.outsideTurn > 0) this.options.log(`claude printed ${handed.outsideTurn} events outside a turn; dropped`);
    if (turn && handed.endsTurn && process.launch.persistent) turn.end();
  }
}
