/**
 * Runs a session's turns on the Claude CLI. The fast path keeps one CLI per session
 * (`--input-format stream-json`), so only the first turn pays the CLI's start-up; a mode
 * change or a dead process starts a new one with `--resume`. Where the persistent form
 * cannot be used, each message gets a process of its own.
 */
import { delay } from '../shared/clock.js';
import type { EventBody, Mode } from '../shared/protocol.js';
import { ClaudeProcess, type ClaudeExit } from './claude-process.js';
import { cliResultOf, mapCliLine } from './cli-mapping.js';
import type { ModelCatalog } from './model-catalog.js';

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
}

export type TurnOutcome = 'completed' | 'failed' | 'interrupted';

export interface RunnerOptions {
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  persistent: boolean;
  /** Wait between the steps of a stop (control request, SIGINT, SIGTERM, SIGKILL). */
  graceMs: number;
  /** Filled from the first persistent CLI's `initialize` answer. */
  catalog: ModelCatalog;
  log: (message: string) => void;
}

interface ActiveTurn {
  sink: TurnSink;
  interrupting: boolean;
  result: EventBody | undefined;
  /** The process whose output and exit belong to this turn. */
  owner: ClaudeProcess | undefined;
  sawInit: boolean;
  /** A result that came before any init: the CLI refusing to start (e.g. an unknown --resume id). */
  held: EventBody[];
  end: (exit?: ClaudeExit) => void;
  done: Promise<ClaudeExit | undefined>;
}

const INITIALIZE_WAIT_MS = 60_000;
const RESUME_FAILED = /No conversation found with session ID/i;
const NO_STREAM_INPUT = /unknown option.*input-format/i;

export class TurnRunner {
  private process: ClaudeProcess | null = null;
  /** The Claude session the persistent process is in, as it last said. */
  private processSdk: string | null = null;
  /** The model the persistent process was started with or last took. */
  private processModel: string | null = null;
  private turn: ActiveTurn | null = null;
  private persistent: boolean;

  constructor(private readonly options: RunnerOptions) {
    this.persistent = options.persistent;
  }

  /** Whether a live persistent CLI is in this Claude session. */
  holdsClaudeSession(sdkSessionId: string): boolean {
    return this.process?.running === true && this.process.launch.persistent && this.processSdk === sdkSessionId;
  }

  async run(message: string, context: TurnContext, sink: TurnSink): Promise<TurnOutcome> {
    let exit = await this.attempt(message, context, sink);
    const turn = this.turn!;
    if (turn.held.length > 0 && !exit && turn.owner) {
      // The CLI exits right after such a result; its stderr says why.
      exit = await Promise.race([turn.owner.exited, delay(this.options.graceMs).then(() => undefined)]);
    }
    this.turn = null;
    if (exit && RESUME_FAILED.test(exit.stderrTail) && context.sdkSessionId && !turn.interrupting && !turn.sawInit) {
      return this.fallback(message, context, sink);
    }
    if (turn.held.length > 0) sink.emit(turn.held);
    if (turn.interrupting) {
      sink.emit([{ type: 'interrupted' }]);
      return 'interrupted';
    }
    if (turn.result) {
      const result = cliResultOf(turn.result);
      if (result?.is_error !== true) return 'completed';
      const detail = result.result ?? 'no details';
      const code = exit?.code ? ` (exit code ${exit.code})` : '';
      sink.emit([{ type: 'error', message: `Claude reported an error${code}: ${detail}` }]);
      return 'failed';
    }
    if (exit && this.persistent && NO_STREAM_INPUT.test(exit.stderrTail)) {
      this.options.log('this Claude CLI has no --input-format; running one process per message');
      this.persistent = false;
      return this.run(message, context, sink);
    }
    sink.emit([{ type: 'error', message: describeExit(exit) }]);
    return 'failed';
  }

  /** Cancels the running turn; resolves once it has ended. False when nothing was running. */
  async interrupt(): Promise<boolean> {
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
    const process = this.process;
    if (!process?.running || !process.launch.persistent) return;
    // No model in the request is the CLI's default.
    const answer = await process.control({ subtype: 'set_model', ...(model ? { model } : {}) });
    if (answer?.subtype === 'success') {
      if (process === this.process) this.processModel = model;
      return;
    }
    this.options.log(`the CLI did not take model ${model ?? '(default)'} (${answer?.error ?? 'no answer'}); the next turn starts it anew with that model`);
  }

  /** Ends the turn if one runs and stops the CLI and all it started. */
  async shutdown(): Promise<void> {
    if (this.turn) await this.interrupt();
    const process = this.process;
    this.process = null;
    await process?.close();
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
    return this.run(message, { ...context, sdkSessionId: null, ...(primer ? { primer } : {}) }, sink);
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
      current.launch.mode === context.mode &&
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
    });
    return process;
  }

  private onLines(process: ClaudeProcess, lines: unknown[]): void {
    const turn = this.turn?.owner === process ? this.turn : null;
    const events: EventBody[] = [];
    let endsTurn = false;
    for (const line of lines) {
      const mapped = mapCliLine(line);
      if (mapped.sdkSessionId) {
        if (process === this.process) this.processSdk = mapped.sdkSessionId;
        turn?.sink.learnSdkSessionId(mapped.sdkSessionId);
      }
      if (mapped.model) turn?.sink.learnModel(mapped.model);
      for (const event of mapped.events) {
        if (turn && event.type === 'system' && event.subtype === 'init') turn.sawInit = true;
        if (turn && event.type === 'result') {
          turn.result = event;
          if (!turn.sawInit) {
            turn.held.push(event);
            continue;
          }
        }
        events.push(event);
      }
      endsTurn ||= mapped.endsTurn;
    }
    if (!turn) {
      if (events.length > 0) this.options.log(`claude printed ${events.length} events outside a turn; dropped`);
      return;
    }
    if (events.length > 0) turn.sink.emit(events);
    if (endsTurn && process.launch.persistent) turn.end();
  }
}

function describeExit(exit: ClaudeExit | undefined): string {
  if (!exit) return 'The Claude CLI ended the turn without a result.';
  if (exit.spawnError) return `The Claude CLI could not be started: ${exit.spawnError}`;
  const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = exit.stderrTail ? `: ${exit.stderrTail.slice(-800)}` : ' without printing an error';
  return `The Claude CLI ${how} before the turn finished${tail}`;
}
