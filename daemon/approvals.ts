/**
 * A session's approval requests. Each `can_use_tool` request of its CLI becomes a `permission`
 * event and waits here until it is settled, exactly once, by a `permission_resolved` event:
 * answered (by the user through session.answer, or by the daemon itself in auto mode), or
 * withdrawn when it can no longer be answered. Only the settlement that takes it from here
 * ever reaches the CLI, so a second answer never does.
 */
import type { z } from 'zod';
import { RpcErrorCode, type AnswerParams, type EventBody, type Mode } from '../shared/protocol.js';
import { allowResponse, CLI_PERMISSION_MODES, denyResponse, type PermissionBody } from './cli-control.js';
import type { LoggedEvent } from './event-log.js';
import { RpcError } from './rpc-error.js';

/** The CLI process that asked: its answer goes back there, and only while it runs. */
export interface PermissionChannel {
  readonly running: boolean;
  respond(requestId: string, response: Record<string, unknown>): void;
}

/** Why a request was withdrawn: the `reason` of its `permission_resolved`. */
export const WITHDRAWN_BECAUSE = {
  interrupted: 'The turn was interrupted.',
  cancelled: 'Claude went on without this answer.',
  ended: 'The turn ended before this was answered.',
  exited: 'The Claude CLI that asked has exited.',
  destroyed: 'The session was destroyed.',
  stopped: 'The daemon was stopped.',
  restarted: 'The daemon restarted; the Claude CLI that asked is gone.',
} as const;
export type WithdrawReason = keyof typeof WITHDRAWN_BECAUSE;

export type Answer = z.output<typeof AnswerParams>;

export interface ApprovalsDeps {
  /** Logs the events and hands them to the session's clients; returns them numbered. */
  emit(bodies: EventBody[]): LoggedEvent[];
  mode(): Mode;
  /** An allow carried a mode (an approved plan always does): the session goes on in it; the CLI took it with the answer. */
  switchMode(mode: Mode): void;
  /** A deny that also stops the turn. */
  endTurn(): void;
}

/** How a request was settled: a `permission_resolved` event without its type and request. */
interface Resolution {
  decision: 'allow' | 'deny' | 'withdrawn';
  by: 'user' | 'daemon';
  message?: string;
  reason?: WithdrawReason;
  mode?: Mode;
}

interface Waiting {
  event: LoggedEvent;
  permission: PermissionBody;
  channel: PermissionChannel;
}

const DEFAULT_DENY = 'The user denied this tool call.';
/** How many settled requests are remembered, to say how each was settled when answered again. */
const SETTLED_KEPT = 500;

export class Approvals {
  private readonly waiting = new Map<string, Waiting>();
  private readonly settled = new Map<string, string>();

  constructor(private readonly deps: ApprovalsDeps) {}

  get count(): number {
    return this.waiting.size;
  }

  /** The permission events still waiting, as logged (with their seq). */
  list(): LoggedEvent[] {
    return [...this.waiting.values()].map((waiting) => waiting.event);
  }

  /** A request of the CLI: it waits for the user, or in auto mode the daemon allows it at once (questions always wait). */
  request(permission: PermissionBody, channel: PermissionChannel): void {
    const id = permission.requestId;
    if (this.deps.mode() === 'auto' && permission.kind !== 'question') {
      channel.respond(id, allowResponse(permission));
      this.deps.emit([permission, this.settle(id, { decision: 'allow', by: 'daemon' })]);
      return;
    }
    const [event] = this.deps.emit([permission]);
    this.waiting.set(id, { event: event!, permission, channel });
  }

  /** The user's answer; throws -32005 when the request is not waiting (unknown, settled, or its CLI gone). */
  answer(answer: Answer): void {
    const waiting = this.waiting.get(answer.requestId);
    if (!waiting) throw this.notPending(answer.requestId);
    if (answer.decision === 'deny' && answer.mode) throw RpcError.invalidParams('mode goes with an allow: a deny leaves the mode as it is');
    if (!waiting.channel.running) {
      this.withdraw(answer.requestId, 'exited');
      throw this.notPending(answer.requestId);
    }
    this.waiting.delete(answer.requestId);
    const { channel, permission } = waiting;
    if (answer.decision === 'allow') {
      // An approved plan leaves plan mode in any case (the CLI goes to its `default` unless told otherwise).
      const mode = answer.mode ?? (permission.kind === 'plan' ? 'ask' : undefined);
      channel.respond(answer.requestId, allowResponse(permission, { updatedInput: answer.updatedInput, remember: answer.remember, cliMode: mode && CLI_PERMISSION_MODES[mode] }));
      if (mode) this.deps.switchMode(mode);
      this.deps.emit([this.settle(answer.requestId, { decision: 'allow', by: 'user', ...(mode ? { mode } : {}) })]);
      return;
    }
    const message = answer.message?.trim();
    channel.respond(answer.requestId, denyResponse(message || DEFAULT_DENY, answer.interrupt === true));
    if (answer.interrupt) this.deps.endTurn();
    // The event carries only the user's own words; Claude reads a default when there are none.
    this.deps.emit([this.settle(answer.requestId, { decision: 'deny', by: 'user', ...(message ? { message } : {}) })]);
  }

  /** The request can no longer be answered by the user. */
  withdraw(requestId: string, reason: WithdrawReason): void {
    const waiting = this.waiting.get(requestId);
    if (!waiting) return;
    this.waiting.delete(requestId);
    this.release(waiting, reason);
    this.deps.emit([this.settle(requestId, withdrawal(reason))]);
  }

  withdrawAll(reason: WithdrawReason): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiting of all) this.release(waiting, reason);
    if (all.length > 0) this.deps.emit(all.map((waiting) => this.settle(waiting.permission.requestId, withdrawal(reason))));
  }

  /** Switched to auto: what waits is allowed as auto would have (questions still wait for the user). */
  allowWaitingTools(): void {
    for (const [id, waiting] of [...this.waiting]) {
      if (waiting.permission.kind === 'question' || !waiting.channel.running) continue;
      this.waiting.delete(id);
      waiting.channel.respond(id, allowResponse(waiting.permission));
      this.deps.emit([this.settle(id, { decision: 'allow', by: 'daemon' })]);
    }
  }

  /**
   * A CLI that still runs waits for an answer without a time limit, so one it did not cancel
   * itself (an interrupt does) is told no. One that exited, or is being stopped, needs nothing.
   */
  private release(waiting: Waiting, reason: WithdrawReason): void {
    if (reason !== 'ended' || !waiting.channel.running) return;
    waiting.channel.respond(waiting.permission.requestId, denyResponse('This request was withdrawn: the turn went on without an answer.', true));
  }

  private settle(requestId: string, resolution: Resolution): EventBody {
    const how = resolution.decision === 'withdrawn' ? `withdrawn (${resolution.reason})` : `${resolution.decision === 'allow' ? 'allowed' : 'denied'} by the ${resolution.by}`;
    this.settled.set(requestId, how);
    if (this.settled.size > SETTLED_KEPT) this.settled.delete(this.settled.keys().next().value!);
    return { type: 'permission_resolved', requestId, ...resolution };
  }

  private notPending(requestId: string): RpcError {
    const how = this.settled.get(requestId);
    const why = how ? `it was already settled: ${how}` : 'this session has no such request';
    return new RpcError(RpcErrorCode.requestNotPending, `Request ${requestId} is not waiting for an answer: ${why}`);
  }
}

/** A `permission_resolved` for a withdrawn request, with its reason as a word and in words. */
export function withdrawal(reason: WithdrawReason): Resolution {
  return { decision: 'withdrawn', by: 'daemon', reason, message: WITHDRAWN_BECAUSE[reason] };
}
