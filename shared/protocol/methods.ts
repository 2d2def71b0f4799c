/**
 * The daemon's methods: params and results as lenient runtime schemas (docs/protocol.md,
 * "Methods"). Results keep members a daemon adds; one odd session never fails a list.
 */
import { z } from 'zod';
import { Mode } from './basics.js';

const isoTime = z.string().catch('');
const count = z.number().int().nonnegative();

/**
 * A session as a daemon lists it. `status` and `mode` are kept as the daemon's text: one the
 * app does not know reads as unknown (knownStatus, knownMode), it never fails the list.
 */
export const SessionInfo = z.looseObject({
  sessionId: z.string().min(1),
  path: z.string().catch(''),
  status: z.string().catch('unknown'),
  mode: z.string().catch('unknown'),
  sdkSessionId: z.string().nullish().catch(null).transform((value) => value ?? null),
  model: z.string().nullish().catch(null).transform((value) => value ?? null),
  createdAt: isoTime.default(''),
  lastActivityAt: isoTime.default(''),
  /** Switchyard's daemon: approval requests waiting for an answer. */
  pendingApprovals: count.optional().catch(undefined),
  cliType: z.string().optional().catch(undefined),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const QueueStats = z.looseObject({
  userPending: count,
  responsePending: count,
  clientConnected: z.boolean(),
});
export type QueueStats = z.infer<typeof QueueStats>;

export const DaemonLimits = z.looseObject({
  maxMessageBytes: z.number().int().positive().optional(),
  maxBodyBytes: z.number().int().positive().optional(),
  maxBufferedEvents: z.number().int().positive().optional(),
});
export type DaemonLimits = z.infer<typeof DaemonLimits>;

/** Whether the daemon can write its data folder: `ok: false` with the error and since when it fails. */
export const DaemonStorage = z.looseObject({ ok: z.boolean(), error: z.string().optional(), since: z.string().optional(), dataDir: z.string().optional() });
export type DaemonStorage = z.infer<typeof DaemonStorage>;

/**
 * `claude-status`: whether Claude can run on the daemon's host. From `claude --version` and
 * `claude auth status` (JSON); unknown is absent, never guessed. `checkedAt` is ISO time.
 */
export const ClaudeStatus = z.looseObject({
  /** The command the daemon runs, as configured (e.g. `claude`). */
  command: z.string(),
  /** The command was found and answered `--version`. */
  found: z.boolean(),
  version: z.string().optional(),
  loggedIn: z.boolean().optional(),
  /** As the CLI says it: e.g. `none`, `claude.ai`, `api_key`. */
  authMethod: z.string().optional(),
  apiProvider: z.string().optional(),
  /** The daemon runs as root (the CLI refuses --dangerously-skip-permissions there). */
  runningAsRoot: z.boolean(),
  /** Why it is not usable, in words (the command's own message where it gave one). */
  error: z.string().optional(),
  checkedAt: z.string().optional(),
});
export type ClaudeStatus = z.infer<typeof ClaudeStatus>;

/** A model the host's CLI offers, as the CLI lists it. */
export const ModelOption = z.looseObject({ value: z.string(), displayName: z.string().optional(), description: z.string().optional() });
export type ModelOption = z.infer<typeof ModelOption>;

/** A slash command the host's CLI offers, as its answer to `initialize` lists it. */
export const SlashCommand = z.object({
  name: z.string().regex(/^\S+$/, 'a command name has no spaces'),
  description: z.string().optional().catch(undefined),
  argumentHint: z.string().optional().catch(undefined),
});
export type SlashCommand = z.infer<typeof SlashCommand>;

/** How much of a CLI's command list is kept: its text is the CLI's (and its plugins'), not ours. */
export const SLASH_COMMAND_LIMITS = { count: 200, name: 100, description: 200, argumentHint: 120 } as const;

/**
 * The commands of a list as a CLI or a daemon sent them: each checked on its own (one odd entry
 * never hides the rest), only `name`, `description` (its first line: a list shows one line per
 * command) and `argumentHint` kept, each bounded. Hosts carry the list to every window, often.
 */
export function slashCommands(entries: readonly unknown[]): SlashCommand[] {
  const { count, name, description, argumentHint } = SLASH_COMMAND_LIMITS;
  const kept: SlashCommand[] = [];
  for (const entry of entries) {
    if (kept.length >= count) break;
    const parsed = SlashCommand.safeParse(entry);
    if (!parsed.success || parsed.data.name.length > name) continue;
    const command = parsed.data;
    kept.push({
      name: command.name,
      ...(command.description ? { description: cut(command.description.split('\n', 1)[0]!, description) } : {}),
      ...(command.argumentHint ? { argumentHint: cut(command.argumentHint, argumentHint) } : {}),
    });
  }
  return kept;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const sessionIdParam = z.string().min(1, 'sessionId must be a non-empty string');

export const CreateSessionParams = z.looseObject({
  path: z.string().min(1, 'path must be a non-empty string'),
  mode: Mode.optional(),
  model: z.string().min(1).nullish(),
  cli_type: z.string().optional(),
  /** Switchyard's daemon: create the folder (and its parents) when it does not exist; without it a missing folder is error -32006. */
  createFolder: z.boolean().optional(),
});
export const CreateSessionResult = z.looseObject({ sessionId: z.string() });

export const SendParams = z.looseObject({ sessionId: sessionIdParam, message: z.string() });

export const ResumeParams = z.looseObject({ sessionId: sessionIdParam, sdkSessionId: z.string().nullish() });
export const ResumeResult = z.looseObject({ ok: z.boolean(), fallback: z.boolean().default(false) });
export type ResumeResult = z.infer<typeof ResumeResult>;

export const SessionIdParams = z.looseObject({ sessionId: sessionIdParam });
export const OkResult = z.looseObject({ ok: z.boolean() });

/** Entries are checked one by one (parseSessionList), so one bad entry cannot hide the rest. */
export const ListSessionsResult = z.looseObject({ sessions: z.array(z.unknown()) });

export const SetModeParams = z.looseObject({ sessionId: sessionIdParam, mode: Mode });
export const SetModelParams = z.looseObject({ sessionId: sessionIdParam, model: z.string().min(1).nullable() });

export const InterruptResult = z.looseObject({ ok: z.boolean(), interrupted: z.boolean().default(false) });
export type InterruptResult = z.infer<typeof InterruptResult>;

/** Events are checked one by one by the reader, so a single bad one cannot hide the rest. */
export const ReconnectResult = z.looseObject({ bufferedEvents: z.array(z.unknown()) });

export const HealthResult = z.looseObject({
  ok: z.boolean(),
  sessions: count,
  sessionsByStatus: z.record(z.string(), z.number()),
  uptime: z.number(),
  memory: z.looseObject({ rss: z.number(), heapUsed: z.number(), heapTotal: z.number() }),
  nodeVersion: z.string().optional(),
  version: z.string().optional(),
  pid: z.number().int(),
  capabilities: z.array(z.string()).optional(),
  limits: DaemonLimits.optional(),
  models: z.array(ModelOption).optional().catch(undefined),
  /** Switchyard's daemon: whether it can write its data (a full disk is said here, and in its log once it can). */
  storage: DaemonStorage.optional().catch(undefined),
  /** `claude-status`: whether Claude can run on this host. */
  claude: ClaudeStatus.optional().catch(undefined),
  /** Switchyard's daemon, once the host's CLI has said so: its slash commands (checked one by one, bounded). */
  commands: z
    .array(z.unknown())
    .optional()
    .catch(undefined)
    .transform((entries) => (entries ? slashCommands(entries) : undefined)),
});
export type HealthResult = z.infer<typeof HealthResult>;

export const MonitoredSession = SessionInfo.extend({ queue: QueueStats });
export type MonitoredSession = z.infer<typeof MonitoredSession>;
/** Entries are checked one by one (parseEach), like `session.list`'s. */
export const MonitorResultWire = z.looseObject({
  sessions: z.array(z.unknown()),
  totalSessions: count,
  uptime: z.number(),
});
/** `monitor.sessions` after its entries were checked. */
export const MonitorResult = z.looseObject({ sessions: z.array(MonitoredSession), totalSessions: count, uptime: z.number() });
export type MonitorResult = z.infer<typeof MonitorResult>;

/** `approvals`: answers a waiting request; only the first answer ever reaches the CLI. */
export const AnswerParams = z.looseObject({
  sessionId: sessionIdParam,
  requestId: z.string().min(1, 'requestId must name a waiting request'),
  decision: z.enum(['allow', 'deny']),
  /** A deny: what Claude reads (why, or what to do instead). */
  message: z.string().optional(),
  /** An allow: the input to run the tool with (edited, or a question's input with `answers`). */
  updatedInput: z.record(z.string(), z.unknown()).optional(),
  /** An allow: do not ask again for the same thing in this session. */
  remember: z.boolean().optional(),
  /** A deny: stop the turn too. */
  interrupt: z.boolean().optional(),
  /** A plan's allow: the mode the session goes on in. */
  mode: Mode.optional(),
});
export const PendingResult = z.looseObject({ requests: z.array(z.unknown()) });

/** `dequeue`: takes back the queued message at `position` (1-based) only while it still reads `content`. */
export const DequeueParams = z.looseObject({
  sessionId: sessionIdParam,
  position: z.number().int().positive(),
  content: z.string(),
});
/** `removed: false`: the message is no longer queued there (its turn began, it moved, or the queue was cleared). */
export const DequeueResult = z.looseObject({ ok: z.boolean(), removed: z.boolean().default(false) });
export type DequeueResult = z.infer<typeof DequeueResult>;

export const AttachParams = z.looseObject({ sessionId: sessionIdParam, afterSeq: z.number().int().nonnegative().optional() });
export const HistoryParams = z.looseObject({
  sessionId: sessionIdParam,
  afterSeq: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
});
export const HistoryResult = z.looseObject({ events: z.array(z.unknown()), nextSeq: count });

const NoParams = z.looseObject({});

/** `claude-status`: `refreshClaude: true` checks Claude on the host before answering. Lenient: anything else is ignored. */
export const HealthParams = z.looseObject({ refreshClaude: z.boolean().optional().catch(undefined) }).catch({});

/** Every method: its params and, for ordinary calls, its result. Streaming methods answer with SSE. */
export const METHODS = {
  'session.create': { params: CreateSessionParams, result: CreateSessionResult },
  'session.send': { params: SendParams, result: null },
  'session.resume': { params: ResumeParams, result: ResumeResult },
  'session.destroy': { params: SessionIdParams, result: OkResult },
  'session.list': { params: NoParams, result: ListSessionsResult },
  'session.set_mode': { params: SetModeParams, result: OkResult },
  'session.set_model': { params: SetModelParams, result: OkResult },
  'session.interrupt': { params: SessionIdParams, result: InterruptResult },
  'session.queue_stats': { params: SessionIdParams, result: QueueStats },
  'session.reconnect': { params: SessionIdParams, result: ReconnectResult },
  'health.check': { params: HealthParams, result: HealthResult },
  'monitor.sessions': { params: NoParams, result: MonitorResultWire },
  'session.attach': { params: AttachParams, result: null },
  'session.history': { params: HistoryParams, result: HistoryResult },
  'session.answer': { params: AnswerParams, result: OkResult },
  'session.pending': { params: SessionIdParams, result: PendingResult },
  'session.dequeue': { params: DequeueParams, result: DequeueResult },
} as const;
export type MethodName = keyof typeof METHODS;

/** Parses each entry on its own: the sessions that pass, and how many did not. */
export function parseEach<S extends z.ZodType>(schema: S, entries: readonly unknown[]): { valid: z.output<S>[]; rejected: number } {
  const valid: z.output<S>[] = [];
  let rejected = 0;
  for (const entry of entries) {
    const parsed = schema.safeParse(entry);
    if (parsed.success) valid.push(parsed.data);
    else rejected++;
  }
  return { valid, rejected };
}

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
