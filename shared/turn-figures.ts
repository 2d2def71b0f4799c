/**
 * What one turn used, from the CLI's `result` line (docs/claude-cli.md): its duration, its
 * tokens and its cost. A persistent CLI serves many turns and its `total_cost_usd` counts from
 * the process's start, so a turn's cost is the difference from the total the previous turn
 * reported; `usage` is the turn's own. A turn the user interrupted may report no usage at all:
 * what the API said while it streamed (`message_start`, `message_delta`, the assistant lines)
 * stands in then.
 */
import type { CliResult, StreamEvent } from './protocol.js';

export interface TurnFigures {
  durationMs: number | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

export const NO_FIGURES: TurnFigures = { durationMs: null, costUsd: null, inputTokens: null, outputTokens: null };

interface Tokens {
  input: number;
  output: number;
}

/** Tokens of each API message of the turn under way, by message id, as the stream reported them. */
export interface SeenUsage {
  readonly messages: ReadonlyMap<string, Tokens>;
  /** The message a `message_delta` belongs to: the last one started. */
  readonly current: string | null;
}

export const NO_USAGE: SeenUsage = { messages: new Map(), current: null };

/** The CLI's running total before this turn; null before any turn reported one. */
export type CliTotal = number | null;

type UsageLike = { input_tokens?: unknown; output_tokens?: unknown; cache_creation_input_tokens?: unknown; cache_read_input_tokens?: unknown };

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/** Input counts what the model read, cached or not: with prompt caching `input_tokens` alone is a handful. */
function tokensOf(usage: unknown): Tokens | null {
  if (typeof usage !== 'object' || usage === null) return null;
  const u = usage as UsageLike;
  return { input: count(u.input_tokens) + count(u.cache_creation_input_tokens) + count(u.cache_read_input_tokens), output: count(u.output_tokens) };
}

function seen(usage: SeenUsage, id: string, tokens: Tokens): SeenUsage {
  const before = usage.messages.get(id);
  const merged = before ? { input: Math.max(before.input, tokens.input), output: Math.max(before.output, tokens.output) } : tokens;
  if (before && before.input === merged.input && before.output === merged.output && usage.current === id) return usage;
  return { messages: new Map(usage.messages).set(id, merged), current: id };
}

/** Takes what an event says about the running turn's API usage; returns `usage` itself when it says nothing. */
export function observeUsage(usage: SeenUsage, event: StreamEvent): SeenUsage {
  const raw = (event as { raw?: unknown }).raw as { type?: string; message?: { id?: unknown; usage?: unknown }; event?: { type?: string; message?: { id?: unknown; usage?: unknown }; usage?: unknown } } | undefined;
  if (typeof raw !== 'object' || raw === null) return usage;
  if ((event.type === 'text' || event.type === 'tool_use') && raw.type === 'assistant') {
    const tokens = tokensOf(raw.message?.usage);
    return tokens && typeof raw.message?.id === 'string' ? seen(usage, raw.message.id, tokens) : usage;
  }
  if (event.type !== 'system' || raw.type !== 'stream_event') return usage;
  const api = raw.event;
  if (api?.type === 'message_start') {
    const tokens = tokensOf(api.message?.usage);
    return tokens && typeof api.message?.id === 'string' ? seen(usage, api.message.id, tokens) : usage;
  }
  if (api?.type === 'message_delta' && usage.current !== null) {
    const output = count((api.usage as UsageLike | undefined)?.output_tokens);
    return output > 0 ? seen(usage, usage.current, { input: 0, output }) : usage;
  }
  return usage;
}

function sumSeen(usage: SeenUsage): Tokens {
  let input = 0;
  let output = 0;
  for (const tokens of usage.messages.values()) {
    input += tokens.input;
    output += tokens.output;
  }
  return { input, output };
}

/** Everything the CLI process counted so far (`modelUsage` is per process), or null when it does not say. */
function processTokens(modelUsage: unknown): number | null {
  if (typeof modelUsage !== 'object' || modelUsage === null) return null;
  let total = 0;
  for (const model of Object.values(modelUsage as Record<string, unknown>)) {
    const m = (model ?? {}) as Record<string, unknown>;
    total += count(m.inputTokens) + count(m.outputTokens) + count(m.cacheReadInputTokens) + count(m.cacheCreationInputTokens);
  }
  return total;
}

/** Money in floating point: the difference of two totals is rounded back to what the CLI reports. */
const cents = (usd: number) => Math.round(usd * 1e9) / 1e9;

/**
 * A turn's figures from its `result`, and the CLI's total to count the next turn from. A total
 * lower than the one before, or a process that counted nothing before this turn, is a new CLI
 * (a restart, an idle CLI stopped and resumed): the turn's cost is its total then.
 */
export function turnFigures(raw: CliResult, before: CliTotal, usage: SeenUsage): { figures: TurnFigures; total: CliTotal } {
  const reported = tokensOf(raw.usage);
  const reportedSum = reported ? reported.input + reported.output : 0;
  const streamed = sumSeen(usage);
  const fromStream = reportedSum === 0 && streamed.input + streamed.output > 0;
  const tokens = reportedSum > 0 ? reported : fromStream ? streamed : null;
  const durationMs = raw.duration_ms ?? null;
  const total = raw.total_cost_usd;
  const figures: TurnFigures = { durationMs, costUsd: null, inputTokens: tokens?.input ?? null, outputTokens: tokens?.output ?? null };
  if (total === undefined) return { figures, total: before };
  // A result that counted nothing (an interrupt mid-answer, an API refusal) says nothing about the process either.
  if (total === 0 && reportedSum === 0) return { figures, total: before };
  const counted = processTokens(raw.modelUsage);
  const newProcess = before === null || total < before || (counted !== null && reported !== null && counted <= reportedSum);
  const cost = cents(newProcess ? total : total - before);
  // Nothing counted for this turn is not "free": what the CLI did not count it did not price either.
  return { figures: { ...figures, costUsd: reportedSum === 0 && cost === 0 ? null : cost }, total };
}

/** The session's spend so far with one more turn's cost. */
export function addCost(sum: number | null, cost: number | null): number | null {
  if (cost === null) return sum;
  return cents((sum ?? 0) + cost);
}
