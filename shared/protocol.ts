/**
 * The Remote Agent Daemon wire protocol (../shared/PROTOCOL.md) as types and runtime schemas.
 * Both the daemon and the client import this file, so the two cannot drift.
 *
 * Every object schema is loose: members a newer daemon adds are kept, never rejected.
 * Part 2 members (seq, capabilities, version, limits) are optional everywhere.
 */
import { z } from 'zod';

export const DEFAULT_DAEMON_PORT = 9100;

export const MODES = ['auto', 'code', 'plan', 'ask'] as const;
export const Mode = z.enum(MODES);
export type Mode = z.infer<typeof Mode>;

export const SESSION_STATUSES = ['idle', 'busy', 'error', 'destroyed'] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** JSON-RPC error codes the daemons use. */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  application: -32000,
} as const;

/** Capabilities of PROTOCOL.md Part 2, announced by `health.check`. */
export const CAPABILITIES = [
  'seq',
  'attach',
  'history',
  'modes',
  'partial',
  'tool_result',
  'persist',
  'fallback',
  'queue-buffer',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

// ---------------------------------------------------------------------------
// Shared records

const isoTime = z.string();
const seq = z.number().int().nonnegative().optional();

export const SessionInfo = z.looseObject({
  sessionId: z.string(),
  path: z.string(),
  status: SessionStatus,
  mode: Mode,
  sdkSessionId: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: isoTime,
  lastActivityAt: isoTime,
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const QueueStats = z.looseObject({
  userPending: z.number().int().nonnegative(),
  responsePending: z.number().int().nonnegative(),
  clientConnected: z.boolean(),
});
export type QueueStats = z.infer<typeof QueueStats>;

export const DaemonLimits = z.looseObject({
  maxMessageBytes: z.number().int().positive().optional(),
  maxBodyBytes: z.number().int().positive().optional(),
  maxBufferedEvents: z.number().int().positive().optional(),
});
export type DaemonLimits = z.infer<typeof DaemonLimits>;

// ---------------------------------------------------------------------------
// Stream events (the `session.send` SSE stream, `session.reconnect`, `attach`, `history`)

/** Members of the CLI's `result` line the app relies on; the rest is kept as is. */
export const CliResult = z.looseObject({
  duration_ms: z.number().optional(),
  total_cost_usd: z.number().optional(),
  is_error: z.boolean().optional(),
  result: z.string().optional(),
  usage: z.looseObject({}).optional(),
});
export type CliResult = z.infer<typeof CliResult>;

export const SystemEvent = z.looseObject({
  type: z.literal('system'),
  subtype: z.string().optional(),
  session_id: z.string().optional(),
  model: z.string().optional(),
  raw: z.unknown().optional(),
  seq,
});
export const PartialEvent = z.looseObject({ type: z.literal('partial'), content: z.string(), seq });
export const TextEvent = z.looseObject({
  type: z.literal('text'),
  content: z.string(),
  raw: z.unknown().optional(),
  seq,
});
export const ToolUseEvent = z.looseObject({
  type: z.literal('tool_use'),
  tool: z.string(),
  input: z.unknown().optional(),
  message: z.string().optional(),
  raw: z.unknown().optional(),
  seq,
});
export const ToolResultEvent = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.unknown(),
  is_error: z.boolean().optional(),
  seq,
});
export const ResultEvent = z.looseObject({
  type: z.literal('result'),
  session_id: z.string().nullish(),
  raw: CliResult,
  seq,
});
export const QueuedEvent = z.looseObject({
  type: z.literal('queued'),
  position: z.number().int().positive(),
  seq,
});

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

export const ErrorEvent = z.looseObject({
  type: z.literal('error'),
  message: z.string(),
  reason: StreamErrorReason.optional(),
  code: z.number().optional(),
  seq,
});
export const InterruptedEvent = z.looseObject({ type: z.literal('interrupted'), seq });
export const PingEvent = z.looseObject({ type: z.literal('ping'), seq });

export const StreamEvent = z.discriminatedUnion('type', [
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
]);
export type StreamEvent = z.infer<typeof StreamEvent>;
export type SystemEvent = z.infer<typeof SystemEvent>;
export type PartialEvent = z.infer<typeof PartialEvent>;
export type TextEvent = z.infer<typeof TextEvent>;
export type ToolUseEvent = z.infer<typeof ToolUseEvent>;
export type ToolResultEvent = z.infer<typeof ToolResultEvent>;
export type ResultEvent = z.infer<typeof ResultEvent>;
export type QueuedEvent = z.infer<typeof QueuedEvent>;
export type ErrorEvent = z.infer<typeof ErrorEvent>;
export type InterruptedEvent = z.infer<typeof InterruptedEvent>;
export type PingEvent = z.infer<typeof PingEvent>;
export type StreamEventType = StreamEvent['type'];

export const STREAM_EVENT_TYPES: ReadonlySet<string> = new Set<StreamEventType>([
  'system',
  'partial',
  'text',
  'tool_use',
  'tool_result',
  'result',
  'queued',
  'error',
  'interrupted',
  'ping',
]);

/** The payload that ends every `session.send` / `session.attach` stream. */
export const STREAM_DONE = '[DONE]';

// ---------------------------------------------------------------------------
// Methods: params and results

const sessionIdParam = z.string().min(1, 'sessionId must be a non-empty string');

export const CreateSessionParams = z.looseObject({
  path: z.string().min(1, 'path must be a non-empty string'),
  mode: Mode.optional(),
});
export const CreateSessionResult = z.looseObject({ sessionId: z.string() });

export const SendParams = z.looseObject({ sessionId: sessionIdParam, message: z.string() });

export const ResumeParams = z.looseObject({
  sessionId: sessionIdParam,
  sdkSessionId: z.string().nullish(),
});
export const ResumeResult = z.looseObject({ ok: z.boolean(), fallback: z.boolean().default(false) });
export type ResumeResult = z.infer<typeof ResumeResult>;

export const SessionIdParams = z.looseObject({ sessionId: sessionIdParam });
export const OkResult = z.looseObject({ ok: z.boolean() });

export const ListSessionsResult = z.looseObject({ sessions: z.array(SessionInfo) });

export const SetModeParams = z.looseObject({ sessionId: sessionIdParam, mode: Mode });

export const InterruptResult = z.looseObject({ ok: z.boolean(), interrupted: z.boolean() });
export type InterruptResult = z.infer<typeof InterruptResult>;

/** Events are validated one by one by the reader, so a single bad one cannot hide the rest. */
export const ReconnectResult = z.looseObject({ bufferedEvents: z.array(z.unknown()) });

export const HealthResult = z.looseObject({
  ok: z.boolean(),
  sessions: z.number().int().nonnegative(),
  sessionsByStatus: z.record(z.string(), z.number()),
  uptime: z.number(),
  memory: z.looseObject({ rss: z.number(), heapUsed: z.number(), heapTotal: z.number() }),
  nodeVersion: z.string().optional(),
  version: z.string().optional(),
  pid: z.number().int(),
  capabilities: z.array(z.string()).optional(),
  limits: DaemonLimits.optional(),
});
export type HealthResult = z.infer<typeof HealthResult>;

export const MonitoredSession = SessionInfo.extend({ queue: QueueStats });
export type MonitoredSession = z.infer<typeof MonitoredSession>;
export const MonitorResult = z.looseObject({
  sessions: z.array(MonitoredSession),
  totalSessions: z.number().int().nonnegative(),
  uptime: z.number(),
});
export type MonitorResult = z.infer<typeof MonitorResult>;

// Part 2
export const AttachParams = z.looseObject({
  sessionId: sessionIdParam,
  afterSeq: z.number().int().nonnegative().optional(),
});
export const HistoryParams = z.looseObject({
  sessionId: sessionIdParam,
  afterSeq: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
});
export const HistoryResult = z.looseObject({
  events: z.array(z.unknown()),
  nextSeq: z.number().int().nonnegative(),
});

const NoParams = z.looseObject({});

/**
 * Every method: its params and, for ordinary calls, its result. Streaming methods answer
 * with SSE; their `result` is null.
 */
export const METHODS = {
  'session.create': { params: CreateSessionParams, result: CreateSessionResult },
  'session.send': { params: SendParams, result: null },
  'session.resume': { params: ResumeParams, result: ResumeResult },
  'session.destroy': { params: SessionIdParams, result: OkResult },
  'session.list': { params: NoParams, result: ListSessionsResult },
  'session.set_mode': { params: SetModeParams, result: OkResult },
  'session.interrupt': { params: SessionIdParams, result: InterruptResult },
  'session.queue_stats': { params: SessionIdParams, result: QueueStats },
  'session.reconnect': { params: SessionIdParams, result: ReconnectResult },
  'health.check': { params: NoParams, result: HealthResult },
  'monitor.sessions': { params: NoParams, result: MonitorResult },
  'session.attach': { params: AttachParams, result: null },
  'session.history': { params: HistoryParams, result: HistoryResult },
} as const;
export type MethodName = keyof typeof METHODS;
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;

export interface RpcRequest {
  method: string;
  params?: Record<string, unknown>;
  id?: string | number | null;
  jsonrpc?: '2.0';
}
export interface RpcErrorBody {
  code: number;
  message: string;
}
