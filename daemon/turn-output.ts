/**
 * What a batch of the CLI's output lines becomes for the turn it belongs to, in order: the
 * mapped events, with the CLI's permission requests and cancels handed to the session's
 * approvals between them (so a request follows its tool call), and a result held while no
 * init came (the CLI refusing to start; the runner judges it once the process exits).
 */
import type { EventBody } from '../shared/protocol.js';
import type { ClaudeProcess } from './claude-process.js';
import { denyResponse, readCliControl, type CliControl } from './cli-control.js';
import { mapCliLine } from './cli-mapping.js';
import type { TurnSink } from './turn-runner.js';
import type { SeenTurn } from './turn-verdict.js';

export interface OutputTurn extends SeenTurn {
  sink: TurnSink;
}

export interface HandedOutput {
  /** The Claude session the CLI said it is in. */
  sdkSessionId?: string;
  /** The CLI printed its result: the turn is over. */
  endsTurn: boolean;
  /** Events printed while no turn of this process ran (dropped). */
  outsideTurn: number;
}

export function handOutput(process: ClaudeProcess, turn: OutputTurn | null, lines: unknown[], notice: PerMessageNotice): HandedOutput {
  const handed: HandedOutput = { endsTurn: false, outsideTurn: 0 };
  let events: EventBody[] = [];
  const flush = () => {
    if (turn && events.length > 0) turn.sink.emit(events);
    else handed.outsideTurn += events.length;
    events = [];
  };
  for (const line of lines) {
    const control = readCliControl(line);
    if (control) {
      flush();
      onControl(process, turn, control);
      continue;
    }
    const mapped = mapCliLine(line);
    if (mapped.sdkSessionId) {
      handed.sdkSessionId = mapped.sdkSessionId;
      turn?.sink.learnSdkSessionId(mapped.sdkSessionId);
    }
    if (mapped.model) turn?.sink.learnModel(mapped.model);
    for (const event of mapped.events) {
      if (turn && event.type === 'system' && event.subtype === 'init') turn.sawInit = true;
      if (turn && event.type === 'result') {
        if (!process.launch.persistent) events.push(...notice.afterResult(line));
        turn.result = event;
        if (!turn.sawInit) {
          turn.held.push(event);
          continue;
        }
      }
      events.push(event);
    }
    handed.endsTurn ||= mapped.endsTurn;
  }
  flush();
  return handed;
}

function onControl(process: ClaudeProcess, turn: OutputTurn | null, control: CliControl): void {
  if (control.kind === 'other-request') {
    process.refuseControl(control.requestId, `this daemon does not handle ${control.subtype} requests`);
  } else if (control.kind === 'cancel') {
    turn?.sink.approvals.withdraw(control.requestId, turn.interrupting ? 'interrupted' : 'cancelled');
  } else if (turn) {
    turn.sink.approvals.request(control.permission, process);
  } else {
    // No one could answer it, and the CLI would wait for ever.
    process.respond(control.permission.requestId, denyResponse('No turn of this session is running.', true));
  }
}

/**
 * One process per message cannot be asked: the CLI refuses what needs permission. The first
 * turn of a session in which it did says so once, before its result.
 */
export class PerMessageNotice {
  private said = false;

  afterResult(resultLine: unknown): EventBody[] {
    const denials = (resultLine as { permission_denials?: unknown }).permission_denials;
    if (this.said || !Array.isArray(denials) || denials.length === 0) return [];
    this.said = true;
    const message =
      'Claude was refused a tool that needs permission. Approvals from the app need the persistent Claude CLI (stream-json input), and this daemon runs one CLI process per message (--cli-mode per-message, or a CLI without --input-format). In auto mode Claude may use its tools without asking.';
    return [{ type: 'system', subtype: 'notice', message }];
  }
}
