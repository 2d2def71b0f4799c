/**
 * The events of a session's stream (`session.send`, `session.attach`, `session.reconnect`,
 * `session.history`), as types and lenient runtime schemas (docs/protocol.md, "Events").
 *
 * Every member but `type` may be missing, as the field's newer daemons send them: a missing
 * `content` reads as empty text, a `result` without `raw` still ends the turn. Members a
 * daemon adds are kept. A member of the wrong type in a CLI result is dropped, not fatal.
 */
import { z } from 'zod';

const seq = z.number().int().nonnegative().optional();
/** A number the CLI reported, or nothing when it reported something else. */
const figure = z.number().optional().catch(undefined);

/** Members of the CLI's `result` line the app relies on; the rest is kept as is. */
export const CliResult = z.looseObject({
  subtype: z.string().optional().catch(undefined),
  duration_ms: figure,
  total_cost_usd: figure,
  num_turns: figure,
  is_error: z.boolean().optional().catch(undefined),
  result: z.string().optional().catch(undefined),
  api_error_status: z.number().nullish().catch(undefined),
  terminal_reason: z.string().optional().catch(undefined),
  usage: z.looseObject({}).optional().catch(undefined),
});
export type CliResult = z.infer<typeof CliResult>;

/**
 * `system` carries several kinds of line, told apart by `subtype`:
 * - `init`: Claude started; `session_id` (the sdkSessionId) and `model`;
 * - `user_message`: a turn begins with the user's `content` (Switchyard's daemon);
 * - `fallback`: a fresh Claude session continues this one; `message` says so in words;
 * - `attached`: an attach stream has replayed what was retained; `status` of the session then;
 * - `restarted`: the daemon was stopped abruptly; the events after `savedThrough` that it had
 *   not saved are gone from its log, and no event has a seq below `resumedAt` that is not saved;
 * - `notice`: the daemon tells the user something about the session in `message` (approvals
 *   need the persistent CLI);
 * - no subtype, or another: a CLI line the daemon does not map, in `raw`.
 */
export const SystemEvent = z.looseObject({
  type: z.literal('system'),
  subtype: z.string().optional(),
  session_id: z.string().optional(),
  model: z.string().optional(),
  content: z.string().optional(),
  message: z.string().optional(),
  status: z.string().optional(),
  savedThrough: z.number().int().nonnegative().optional(),
  resumedAt: z.number().int().nonnegative().optional(),
  raw: z.unknown().optional(),
  seq,
});

/** A streamed delta: text, or (`block: "tool_input"`) a fragment of a tool's input JSON. */
export const PartialEvent = z.looseObject({ type: z.literal('partial'), content: z.string().default(''), block: z.string().optional(), seq });

export const TextEvent = z.looseObject({ type: z.literal('text'), content: z.string().default(''), raw: z.unknown().optional(), seq });

/** A tool call (`tool`, `input`, `tool_use_id`), or with only `message`, a progress note on one. */
export const ToolUseEvent = z.looseObject({
  type: z.literal('tool_use'),
  tool: z.string().optional(),
  tool_use_id: z.string().optional(),
  input: z.unknown().optional(),
  message: z.string().optional(),
  raw: z.unknown().optional(),
  seq,
});

/** A tool's result; `tool_use_result` is the CLI's structured form (stdout, stderr, a patch...). */
export const ToolResultEvent = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().optional(),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
  tool_use_result: z.unknown().optional(),
  seq,
});

export const ResultEvent = z.looseObject({
  type: z.literal('result'),
  session_id: z.string().nullish(),
  raw: CliResult.default({}),
  seq,
});

export const QueuedEvent = z.looseObject({ type: z.literal('queued'), position: z.number().int().positive().optional(), seq });

/**
 * Why a stream ended in an error. Daemons send `error` events without a reason; the client
 * adds one to every error it produces itself, so callers can tell a timeout from a cut.
 */
export const STREAM_ERROR_REASONS = [
  'idle_timeout', // no bytes for longer than the idle limit
  'total_timeout', // the stream ran longer than its total limit
  'connection', // the HTTP exchange failed (refused, reset, aborted)
  'incomplete', // the stream ended before `data: [DONE]`
  'rpc_error', // the daemon answered with a JSON-RPC error instead of a stream
  'http_status', // the daemon answered with a non-200 HTTP status
  'bad_response', // the answer was neither a stream nor a JSON-RPC error
  'malformed', // one `data:` payload was not a valid event (the stream goes on)
  'closed', // the client was closed while the stream ran
] as const;
export const StreamErrorReason = z.enum(STREAM_ERROR_REASONS);
export type StreamErrorReason = z.infer<typeof StreamErrorReason>;

/** The turn failed (from a daemon, no `reason`), or the stream did (from the client, with one). */
export const ErrorEvent = z.looseObject({
  type: z.literal('error'),
  message: z.string().default('the daemon reported an error without saying what it was'),
  reason: StreamErrorReason.optional(),
  code: z.number().optional(),
  seq,
});

export const InterruptedEvent = z.looseObject({ type: z.literal('interrupted'), seq });
export const PingEvent = z.looseObject({ type: z.literal('ping'), seq });

/**
 * Claude asks to use a tool and waits for the user's answer (`approvals`): a tool call that
 * needs permission (`tool`), a plan to approve (`plan`, ExitPlanMode: `input.plan`), or a
 * question with options (`question`, AskUserQuestion). `requestId` is what `session.answer` names.
 */
export const PERMISSION_KINDS = ['tool', 'plan', 'question'] as const;
export const PermissionEvent = z.looseObject({
  type: z.literal('permission'),
  requestId: z.string().default(''),
  kind: z.enum(PERMISSION_KINDS).catch('tool'),
  tool: z.string().optional(),
  input: z.unknown().optional(),
  toolUseId: z.string().optional(),
  title: z.string().optional(),
  reason: z.string().optional(),
  blockedPath: z.string().optional(),
  suggestions: z.array(z.unknown()).optional().catch(undefined),
  seq,
});

/**
 * How a request was settled, exactly once each: `allow` or `deny` (`by` the user, or the daemon
 * in `auto` mode), or `withdrawn` when it can no longer be answered (`reason`: the turn was
 * interrupted, the CLI exited, the session was destroyed, the daemon restarted).
 */
export const PERMISSION_DECISIONS = ['allow', 'deny', 'withdrawn'] as const;
export const PermissionResolvedEvent = z.looseObject({
  type: z.literal('permission_resolved'),
  requestId: z.string().default(''),
  decision: z.enum(PERMISSION_DECISIONS).catch('withdrawn'),
  by: z.enum(['user', 'daemon']).optional().catch(undefined),
  /** A deny's message to Claude, or why a request was withdrawn, in words. */
  message: z.string().optional(),
  reason: z.string().optional(),
  /** The mode the session switched to with this answer (a plan approved for coding). */
  mode: z.string().optional(),
  seq,
});

/** Every event type, written once: the union, the set of known types and the types derive from it. */
const EVENT_SCHEMAS = [
  SystemEvent,
  PartialEvent,
  TextEvent,
  ToolUseEvent,
  ToolResultEvent,
  ResultEvent,
  QueuedEvent,
  ErrorEvent,
  InterruptedEvent,
  PingEvent,
  PermissionEvent,
  PermissionResolvedEvent,
] as const;

export const StreamEvent = z.discriminatedUnion('type', EVENT_SCHEMAS);
export type StreamEvent = z.infer<typeof StreamEvent>;
export type StreamEventType = StreamEvent['type'];
export type EventOf<T extends StreamEventType> = Extract<StreamEvent, { type: T }>;

export const STREAM_EVENT_TYPES: ReadonlySet<string> = new Set(EVENT_SCHEMAS.map((schema) => schema.shape.type.value));

export type SystemEvent = EventOf<'system'>;
export type PartialEvent = EventOf<'partial'>;
export type TextEvent = EventOf<'text'>;
export type ToolUseEvent = EventOf<'tool_use'>;
export type ToolResultEvent = EventOf<'tool_result'>;
export type ResultEvent = EventOf<'result'>;
export type QueuedEvent = EventOf<'queued'>;
export type ErrorEvent = EventOf<'error'>;
export type InterruptedEvent = EventOf<'interrupted'>;
export type PingEvent = EventOf<'ping'>;
export type PermissionEvent = EventOf<'permission'>;
export type PermissionResolvedEvent = EventOf<'permission_resolved'>;

// A key-remapping mapped type: Omit over these loose objects would keep only their index signature.
type WithoutSeq<E> = E extends unknown ? { [K in keyof E as K extends 'seq' ? never : K]: E[K] } : never;
/** An event before the daemon's log numbers it with its `seq`. */
export type EventBody = WithoutSeq<StreamEvent>;

export { endsTurn, userMessageOf } from './event-facts.js';
