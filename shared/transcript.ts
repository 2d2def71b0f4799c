/**
 * A pure reducer from transcript items (desk-api) to the rows a transcript shows. Rows have
 * stable ids (from the item that opened them) and an item changes only the row it belongs to:
 * every other row keeps its identity, so a streaming turn re-renders only its growing row.
 *
 * Messages the user sent that have not started yet are kept apart (`pending`, shown below the
 * rows as sending or queued); each joins the rows when its turn begins, so the transcript reads
 * in the order things happened.
 *
 * Each turn's footer holds that turn's own figures (turn-figures.ts), and the state the sum of
 * their costs.
 */
import { userMessageOf } from './protocol/event-facts.js';
import type { StreamEvent } from './protocol.js';
import type { TranscriptItem } from './records.js';
import { classifyFailure, echoesFailure, mergeEvidence, type FailureEvidence } from './turn-failure.js';
import { addCost, NO_FIGURES, NO_USAGE, observeUsage, turnFigures } from './turn-figures.js';
import type { ApprovalRequest, ToolResult, TranscriptRow, TranscriptState } from './transcript-state.js';

export * from './transcript-state.js';

/** What the Claude CLI puts in a tool's result when an interrupt cut it off (docs/claude-cli.md, fixtures in daemon/testing/fixtures). */
const INTERRUPTED_TOOL = /^The user doesn't want to proceed with this tool use/;

/** Applies a batch of items; the rows array is copied once per batch, untouched rows are kept. */
export function applyItems(state: TranscriptState, items: readonly TranscriptItem[]): TranscriptState {
  if (items.length === 0) return state;
  // `pending`, `tools` and `requests` are replaced only where they change, so they keep their identity otherwise.
  const draft: Draft = { ...state, rows: [...state.rows], owned: new Set() };
  for (const item of items) applyItem(draft, item);
  const { owned: _owned, ...next } = draft;
  return next;
}

/** `owned`: the maps this batch copied already, changed in place from then on (a copy per tool call made a long history quadratic). */
type Draft = { -readonly [K in keyof TranscriptState]: TranscriptState[K] } & { rows: TranscriptRow[]; owned: Set<object> };

function ownMap<K, V>(draft: Draft, map: ReadonlyMap<K, V>): Map<K, V> {
  if (draft.owned.has(map)) return map as Map<K, V>;
  const copy = new Map(map);
  draft.owned.add(copy);
  return copy;
}

function push(draft: Draft, row: TranscriptRow): number {
  draft.rows.push(row);
  return draft.rows.length - 1;
}

function endStreaming(draft: Draft): void {
  if (draft.streaming === null) return;
  const row = draft.rows[draft.streaming];
  if (row?.kind === 'assistant') draft.rows[draft.streaming] = { ...row, streaming: false };
  draft.streaming = null;
}

function applyItem(draft: Draft, item: TranscriptItem): void {
  const id = `r${item.n}`;
  if (item.kind === 'sent') {
    draft.pending = [...draft.pending, { id, kind: 'user', text: item.message, confirmed: false, queuedPosition: null, at: item.at }];
    return;
  }
  if (item.kind === 'cancelled') {
    cancelPending(draft, `r${item.sent}`);
    return;
  }
  if (item.kind === 'notice') {
    push(draft, { id, kind: 'notice', level: item.level, message: item.message });
    return;
  }
  applyEvent(draft, id, item.event);
}

/** `system` subtypes that carry the daemon's words for the user, and how loud each is. */
const DAEMON_NOTES: Record<string, 'info' | 'warning'> = { notice: 'warning', fallback: 'info' };
const TURN_CONTENT = new Set(['partial', 'text', 'tool_use', 'tool_result', 'result']);

function applyEvent(draft: Draft, id: string, event: StreamEvent): void {
  const userMessage = userMessageOf(event);
  if (userMessage !== undefined) {
    draft.echoes = true;
    beginTurn(draft, id, userMessage);
    return;
  }
  const turnError = event.type === 'error' && event.reason === undefined;
  // The daemon's error that repeats the failed result just shown joins its block.
  if (turnError && !draft.inTurn && draft.failedAt !== null) return joinFailure(draft, event.message, event.code);
  if (event.type !== 'ping' && event.type !== 'permission_resolved') draft.failedAt = null;
  // A daemon that does not echo user messages (Part 1): the oldest pending message is the one running.
  // An error outside a turn is a turn's failure only there: a daemon that echoes never starts one with it (it would take a queued message).
  if (!draft.inTurn && (TURN_CONTENT.has(event.type) || (turnError && !draft.echoes) || (event.type === 'system' && event.subtype === 'init'))) beginTurn(draft, id, null);
  if (draft.inTurn) draft.turnUsage = observeUsage(draft.turnUsage, event);
  switch (event.type) {
    case 'system': {
      // The daemon stopped abruptly: whatever was asked before can no longer be answered, even if its withdrawal never reached the log.
      if (event.subtype === 'restarted') endCutTurn(draft);
      // The daemon's own words about the session (not the CLI's lines): said where the user reads.
      const level = DAEMON_NOTES[event.subtype ?? ''];
      if (level && typeof event.message === 'string' && event.message !== '') push(draft, { id, kind: 'notice', level, message: event.message });
      return;
    }
    case 'queued': {
      // Answers come in the order the messages were sent: this one is the oldest not placed yet.
      const at = draft.pending.findIndex((row) => row.queuedPosition === null);
      if (at >= 0) draft.pending = draft.pending.map((row, index) => (index === at ? { ...row, queuedPosition: event.position ?? null } : row));
      return;
    }
    case 'partial': {
      if (event.block !== undefined) return;
      const at = draft.streaming;
      const row = at === null ? undefined : draft.rows[at];
      if (row?.kind === 'assistant') draft.rows[at!] = { ...row, text: row.text + event.content };
      else draft.streaming = push(draft, { id, kind: 'assistant', text: event.content, streaming: true, ...turnTime(draft) });
      return;
    }
    case 'text': {
      // The CLI's own words dressed as Claude's (its errors): held until the turn ends; a failure says them once.
      if (isSynthetic(event.raw)) {
        // Whatever streamed before it was Claude's; the CLI's own words are held apart.
        endStreaming(draft);
        draft.synthetic = { id, text: event.content };
        return;
      }
      const at = draft.streaming;
      const row = at === null ? undefined : draft.rows[at];
      if (row?.kind === 'assistant') draft.rows[at!] = { ...row, text: event.content, streaming: false };
      else push(draft, { id, kind: 'assistant', text: event.content, streaming: false, ...turnTime(draft) });
      draft.streaming = null;
      return;
    }
    case 'tool_use': {
      dropStreamedToolInput(draft);
      endStreaming(draft);
      const toolUseId = typeof event.tool_use_id === 'string' ? event.tool_use_id : toolUseIdFromRaw(event.raw);
      const at = push(draft, { id, kind: 'tool', toolUseId, tool: event.tool ?? 'tool', input: event.input ?? {}, result: null, request: null });
      if (toolUseId) draft.tools = ownMap(draft, draft.tools).set(toolUseId, at);
      return;
    }
    case 'tool_result': {
      const content = toolResultText(event.content);
      const stopped = event.is_error === true && INTERRUPTED_TOOL.test(content);
      const result: ToolResult = { content, isError: event.is_error === true && !stopped, stopped, ...(event.tool_use_result !== undefined ? { toolUseResult: event.tool_use_result } : {}) };
      // An unknown id (old daemons number nothing) goes to the latest tool still waiting.
      const at = (event.tool_use_id === undefined ? undefined : draft.tools.get(event.tool_use_id)) ?? latestOpenTool(draft);
      const row = at === undefined ? undefined : draft.rows[at];
      if (row?.kind === 'tool') draft.rows[at!] = { ...row, result };
      else push(draft, { id, kind: 'tool', toolUseId: event.tool_use_id ?? null, tool: 'tool', input: {}, result, request: null });
      return;
    }
    case 'result': {
      endStreaming(draft);
      withdrawWaiting(draft, 'the turn ended');
      draft.inTurn = false;
      const raw = event.raw;
      const { figures, total } = turnFigures(raw, draft.cliTotalUsd, draft.turnUsage);
      draft.cliTotalUsd = total;
      draft.sessionCostUsd = addCost(draft.sessionCostUsd, figures.costUsd);
      draft.turnUsage = NO_USAGE;
      // The CLI ends an interrupted turn with an error result; the footer says what really happened.
      const interrupted = draft.rows.at(-1)?.kind === 'interrupted' || /^aborted/.test(raw.terminal_reason ?? '');
      if (raw.is_error && !interrupted) {
        const cliText = takeSynthetic(draft);
        const evidence: FailureEvidence = {
          ...(raw.result !== undefined ? { resultText: raw.result } : {}),
          ...(typeof raw.api_error_status === 'number' ? { apiStatus: raw.api_error_status } : {}),
          ...(cliText !== undefined ? { cliText } : {}),
        };
        dropEchoedText(draft, evidence.resultText ?? cliText);
        draft.failedAt = push(draft, { id, kind: 'failure', failure: classifyFailure(evidence), evidence, message: draft.turnMessage, ...figures });
        return;
      }
      flushSynthetic(draft);
      push(draft, { id, kind: 'turn-end', outcome: interrupted ? 'interrupted' : 'completed', ...figures });
      return;
    }
    case 'interrupted': {
      endStreaming(draft);
      withdrawWaiting(draft, 'interrupted');
      draft.inTurn = false;
      // A tool still waiting for its result was cut off with the turn.
      for (const at of draft.tools.values()) {
        const row = draft.rows[at];
        if (row?.kind === 'tool' && row.result === null) draft.rows[at] = { ...row, result: { content: '', isError: false, stopped: true } };
      }
      flushSynthetic(draft);
      // The failed result the CLI printed just before was the interrupt, not a failure.
      const last = draft.rows.at(-1);
      if (last?.kind === 'failure') {
        const { id: endId, durationMs, costUsd, inputTokens, outputTokens } = last;
        draft.rows[draft.rows.length - 1] = { id: endId, kind: 'turn-end', outcome: 'interrupted', durationMs, costUsd, inputTokens, outputTokens };
      } else if (last?.kind !== 'turn-end' && last?.kind !== 'interrupted') {
        // No result came (the CLI was stopped): what the stream reported is all that is known.
        const { figures } = turnFigures({}, draft.cliTotalUsd, draft.turnUsage);
        if (figures.inputTokens !== null) push(draft, { id: `${id}:end`, kind: 'turn-end', outcome: 'interrupted', ...figures });
      } else if (last?.kind === 'turn-end' && last.outcome === 'failed') draft.rows[draft.rows.length - 1] = { ...last, outcome: 'interrupted' };
      draft.turnUsage = NO_USAGE;
      push(draft, { id, kind: 'interrupted' });
      return;
    }
    case 'error': {
      endStreaming(draft);
      // One the client added itself (`reason`) is about the stream only: the turn may go on.
      if (event.reason !== undefined) {
        draft.inTurn = false;
        push(draft, { id, kind: 'error', message: event.message });
        return;
      }
      // A daemon's error ends the turn: its one failure block.
      withdrawWaiting(draft, 'the turn failed');
      draft.inTurn = false;
      const cliText = takeSynthetic(draft);
      const evidence: FailureEvidence = { errorMessage: event.message, ...(event.code !== undefined ? { errorCode: event.code } : {}), ...(cliText !== undefined ? { cliText } : {}) };
      dropEchoedText(draft, cliText);
      draft.turnUsage = NO_USAGE;
      push(draft, { id, kind: 'failure', failure: classifyFailure(evidence), evidence, message: draft.turnMessage, ...NO_FIGURES });
      return;
    }
    case 'ping':
      return;
    case 'permission': {
      const request: ApprovalRequest = {
        requestId: event.requestId,
        kind: event.kind,
        input: event.input ?? {},
        reason: event.reason ?? null,
        blockedPath: event.blockedPath ?? null,
        state: 'waiting',
        by: null,
        message: null,
        mode: null,
      };
      // On its tool's row; a request whose tool call this transcript does not hold gets a row of its own.
      let at = event.toolUseId === undefined ? undefined : draft.tools.get(event.toolUseId);
      const row = at === undefined ? undefined : draft.rows[at];
      if (row?.kind === 'tool') draft.rows[at!] = { ...row, request };
      else at = push(draft, { id, kind: 'tool', toolUseId: event.toolUseId ?? null, tool: event.tool ?? 'tool', input: event.input ?? {}, result: null, request });
      draft.requests = ownMap(draft, draft.requests).set(event.requestId, at!);
      return;
    }
    case 'permission_resolved': {
      const at = draft.requests.get(event.requestId);
      const row = at === undefined ? undefined : draft.rows[at];
      if (row?.kind !== 'tool' || !row.request) return;
      draft.rows[at!] = { ...row, request: { ...row.request, state: event.decision, by: event.by ?? null, message: (event.decision === 'withdrawn' ? (event.reason ?? event.message) : event.message) ?? null, mode: event.mode ?? null } };
      return;
    }
  }
}

/** The daemon's error after a failed result: the same failure, told again; what it adds joins the block. */
function joinFailure(draft: Draft, message: string, code: number | undefined): void {
  const at = draft.failedAt!;
  draft.failedAt = null;
  const row = draft.rows[at];
  if (row?.kind !== 'failure') return;
  const more: FailureEvidence = { errorMessage: message, ...(code !== undefined ? { errorCode: code } : {}) };
  if (!echoesFailure(row.evidence, message)) {
    // A failure of its own after the result (the CLI would not exit, say): still this turn's, said in the same block.
    const evidence = { ...row.evidence, errorMessage: row.evidence.errorMessage ? `${row.evidence.errorMessage}\n${message}` : message };
    draft.rows[at] = { ...row, evidence, failure: classifyFailure(evidence) };
    return;
  }
  const evidence = mergeEvidence(row.evidence, more);
  draft.rows[at] = { ...row, evidence, failure: classifyFailure(evidence) };
}

/** The CLI's synthetic assistant line (`model: "<synthetic>"`): its own words, not Claude's. */
function isSynthetic(raw: unknown): boolean {
  return (raw as { message?: { model?: unknown } } | undefined)?.message?.model === '<synthetic>';
}

function takeSynthetic(draft: Draft): string | undefined {
  const held = draft.synthetic;
  draft.synthetic = null;
  return held?.text;
}

/** Synthetic text of a turn that did not fail is shown as it came. */
function flushSynthetic(draft: Draft): void {
  const held = draft.synthetic;
  if (!held) return;
  draft.synthetic = null;
  push(draft, { id: held.id, kind: 'assistant', text: held.text, streaming: false });
}

/**
 * A daemon that sends no `raw` with its text events: the CLI's error text arrived as the last
 * assistant row of the turn; the failure block says it instead.
 */
function dropEchoedText(draft: Draft, said: string | undefined): void {
  const last = draft.rows.at(-1);
  if (!said?.trim() || last?.kind !== 'assistant' || last.text.trim() !== said.trim()) return;
  draft.rows.pop();
  if (draft.streaming === draft.rows.length) draft.streaming = null;
}

/**
 * The daemon restarted: a turn under way ended with it (its CLI is gone) and its queue did not
 * survive. Requests can no longer be answered, tools still running were stopped, nothing waits.
 */
function endCutTurn(draft: Draft): void {
  withdrawWaiting(draft, 'the daemon restarted');
  endStreaming(draft);
  for (const at of draft.tools.values()) {
    const row = draft.rows[at];
    if (row?.kind === 'tool' && row.result === null) draft.rows[at] = { ...row, result: { content: '', isError: false, stopped: true } };
  }
  draft.inTurn = false;
  draft.pending = draft.pending.filter((row) => !row.confirmed && row.queuedPosition === null);
}

/** A request the turn's end left without an answer can no longer be answered (its resolution may have been missed). */
function withdrawWaiting(draft: Draft, reason: string): void {
  for (const at of draft.requests.values()) {
    const row = draft.rows[at];
    if (row?.kind === 'tool' && row.request?.state === 'waiting') draft.rows[at] = { ...row, request: { ...row.request, state: 'withdrawn', message: reason } };
  }
}

/**
 * Part 1 daemons send a tool's input JSON as plain text deltas: when the tool call arrives,
 * a still-streaming last row that holds JSON was that input, not something Claude said.
 */
function dropStreamedToolInput(draft: Draft): void {
  const at = draft.streaming;
  const row = at === null ? undefined : draft.rows[at];
  if (row?.kind === 'assistant' && at === draft.rows.length - 1 && row.text.trimStart().startsWith('{')) {
    draft.rows.pop();
    draft.streaming = null;
  }
}

/**
 * A turn begins: the user's message joins the rows. `text` is the daemon's echo of what runs;
 * without one (Part 1), the oldest pending message runs. An echo nobody here sent (another head
 * node, history from before this desk) becomes a row of its own.
 */
function beginTurn(draft: Draft, id: string, text: string | null): void {
  flushSynthetic(draft);
  draft.inTurn = true;
  draft.failedAt = null;
  draft.turnUsage = NO_USAGE;
  const index = text === null ? (draft.pending.length > 0 ? 0 : -1) : draft.pending.findIndex((row) => row.text === text);
  draft.turnMessage = index >= 0 ? draft.pending[index]!.text : text;
  draft.turnAt = index >= 0 ? (draft.pending[index]!.at ?? null) : null;
  if (index < 0) {
    if (text !== null) push(draft, { id, kind: 'user', text, confirmed: true, queuedPosition: null });
    return;
  }
  push(draft, { ...draft.pending[index]!, confirmed: true, queuedPosition: null });
  // Everyone behind it moves up the queue.
  draft.pending = draft.pending.filter((_, at) => at !== index).map((other) => (other.queuedPosition !== null && other.queuedPosition > 1 ? { ...other, queuedPosition: other.queuedPosition - 1 } : other));
}

/** A queued message taken back before it ran: it leaves the queue, and those behind it move up. */
function cancelPending(draft: Draft, id: string): void {
  const gone = draft.pending.find((row) => row.id === id);
  if (!gone) return;
  const position = gone.queuedPosition;
  draft.pending = draft.pending.filter((row) => row !== gone).map((row) => (position !== null && row.queuedPosition !== null && row.queuedPosition > position ? { ...row, queuedPosition: row.queuedPosition - 1 } : row));
}

/** The `at` of an assistant row: its turn's, when known. */
function turnTime(draft: Draft): { at?: string } {
  return draft.turnAt ? { at: draft.turnAt } : {};
}

function toolUseIdFromRaw(raw: unknown): string | null {
  const blocks = (raw as { message?: { content?: { type?: string; id?: unknown }[] } } | undefined)?.message?.content;
  const block = Array.isArray(blocks) ? blocks.find((b) => b?.type === 'tool_use') : undefined;
  return typeof block?.id === 'string' ? block.id : null;
}

function latestOpenTool(draft: Draft): number | undefined {
  for (let i = draft.rows.length - 1; i >= 0; i--) {
    const row = draft.rows[i]!;
    if (row.kind === 'tool' && row.result === null) return i;
  }
  return undefined;
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
  return JSON.stringify(content ?? '');
}
