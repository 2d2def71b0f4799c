/**
 * The API between the main process (the desk) and the renderer: one table entry per method,
 * `{ params, result }`, and the union of push events. The preload, the browser transport and
 * the main-side binding are all derived from this table, so a method exists in one place.
 * The renderer never sees ports, tunnels or the daemon protocol.
 *
 * Push events come on a stream per window. Board-level facts (hosts, session summaries,
 * health, notices) go to every stream; a session's transcript items go only to the streams
 * that watch it (`sessions.watch {key, after}`): first what came after the window's cursor,
 * then each new item as it comes.
 */
import { z } from 'zod';
import { ClaudeStatus, DaemonStorage, HealthResult, Mode, ModelOption, MonitorResult, QueueStats, SlashCommand } from './protocol.js';
import { HostConfig, HostId, SessionKey, SessionView, TranscriptItem } from './records.js';

export { HostConfig, HostId, SessionKey, SessionRecord, SessionView, TranscriptItem, TurnOutcome, type NewTranscriptItem } from './records.js';

// ---------------------------------------------------------------------------
// Views

export const HostAction = z.enum(['install-daemon', 'trust-host-key', 'check-credentials', 'retry']);
export type HostAction = z.infer<typeof HostAction>;

export const HostLinkView = z.discriminatedUnion('status', [
  z.object({ status: z.literal('connecting') }),
  z.object({ status: z.literal('connected') }),
  z.object({ status: z.literal('reconnecting'), reason: z.string(), retryAt: z.number(), attempt: z.number() }),
  z.object({ status: z.literal('paused') }),
  z.object({ status: z.literal('failed'), reason: z.string(), kind: z.string(), action: HostAction }),
]);
export type HostLinkView = z.infer<typeof HostLinkView>;

/** What a window is shown of a host: its configuration without its secrets, and its state. */
export const HostView = HostConfig.omit({ daemonToken: true }).extend({
  link: HostLinkView,
  daemonVersion: z.string().nullable(),
  /** The daemon runs an older version than this app ships. */
  updateAvailable: z.boolean(),
  capabilities: z.array(z.string()),
  /** What the daemon last said of its disk; null when it says nothing (older daemons). */
  storage: DaemonStorage.nullable(),
  /** The models the host's CLI offers, once its daemon knows them. */
  models: z.array(ModelOption),
  /** Whether Claude can run there, as its daemon last said (`claude-status`); null when unknown. */
  claude: ClaudeStatus.nullable(),
  /** The slash commands the host's CLI offers, once its daemon knows them (the desk always sets it). */
  commands: z.array(SlashCommand).optional(),
});
export type HostView = z.infer<typeof HostView>;

/** One step of testing a host before it is added; `action` is what the user can do about a failure. */
export const HostTestStep = z.object({
  step: z.enum(['connect', 'host-key', 'daemon', 'claude']),
  label: z.string(),
  state: z.enum(['pending', 'running', 'ok', 'failed']),
  detail: z.string().optional(),
  action: HostAction.optional(),
});
export type HostTestStep = z.infer<typeof HostTestStep>;

/** A connection test of a target (`hosts.test`), as it goes and once it is done. */
export const HostTestView = z.object({
  testId: z.string(),
  target: z.string(),
  steps: z.array(HostTestStep),
  done: z.boolean(),
  /** Every step is ok: the host can be added as it is. */
  passed: z.boolean(),
  /** The daemon's port on the host, once one answered (or was installed). */
  daemonPort: z.number().int().optional(),
  /** What the daemon said of Claude there; null when it said nothing. */
  claude: ClaudeStatus.nullable(),
});
export type HostTestView = z.infer<typeof HostTestView>;

export const HealthSample = z.object({
  t: z.number(),
  rss: z.number(),
  heapUsed: z.number(),
  heapTotal: z.number(),
  sessionsByStatus: z.record(z.string(), z.number()),
  userPending: z.number(),
  responsePending: z.number(),
});
export type HealthSample = z.infer<typeof HealthSample>;

export const HealthNow = z.object({ health: HealthResult.nullable(), monitor: MonitorResult.nullable() });
export type HealthNow = z.infer<typeof HealthNow>;

export const NoticeLevel = z.enum(['info', 'warning', 'error']);
export const Notice = z.object({
  level: NoticeLevel,
  message: z.string(),
  hostId: HostId.optional(),
  key: SessionKey.optional(),
});
export type Notice = z.infer<typeof Notice>;

// ---------------------------------------------------------------------------
// Methods

const None = z.object({});
const Ok = z.object({ ok: z.literal(true) });
const ByHost = z.object({ hostId: HostId });
const BySession = z.object({ key: SessionKey });
/** The id of the window's event stream (browser mode: its `hello`; Electron: from the preload). */
const StreamId = z.string().min(1);

export const AddHostParams = z.object({
  /** An ssh config alias, `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
  target: z.string().trim().min(1, 'give an SSH alias or user@host:port'),
  name: z.string().trim().min(1).optional(),
  daemonPort: z.number().int().min(1).max(65535).optional(),
  claudeCommand: z.string().optional(),
  /** Where to install the daemon on the host (default ~/.switchyard/daemon). */
  remoteDir: z.string().optional(),
  /** A `hosts.test` of this target that passed (or installed the daemon): its daemon port and access token are used. */
  testId: z.string().min(1).max(100).optional(),
});

const TestId = z.string().min(1).max(100);
const ByTarget = z.object({ target: AddHostParams.shape.target });
const HostKeys = z.object({ keys: z.array(z.object({ type: z.string(), fingerprint: z.string() })) });

export const DESK_METHODS = {
  'app.info': { params: None, result: z.object({ version: z.string(), mode: z.enum(['electron', 'browser']), dataDir: z.string() }) },
  /** Warnings and errors of this run so far (a file set aside at start, a failed save), newest last. */
  'app.notices': { params: None, result: z.array(Notice) },

  'hosts.list': { params: None, result: z.array(HostView) },
  'hosts.add': { params: AddHostParams, result: HostView },
  'hosts.edit': {
    params: z.object({ hostId: HostId, name: z.string().trim().min(1).optional(), daemonPort: z.number().int().min(1).max(65535).optional(), claudeCommand: z.string().optional() }),
    result: HostView,
  },
  'hosts.remove': { params: ByHost, result: Ok },
  'hosts.connect': { params: ByHost, result: Ok },
  'hosts.pause': { params: ByHost, result: Ok },
  'hosts.resume': { params: ByHost, result: Ok },
  'hosts.installDaemon': { params: ByHost, result: z.object({ daemonPort: z.number() }) },
  'hosts.hostKeys': { params: ByHost, result: z.object({ keys: z.array(z.object({ type: z.string(), fingerprint: z.string() })) }) },
  'hosts.trustHostKey': { params: z.object({ hostId: HostId, fingerprint: z.string().min(1) }), result: Ok },
  /** Has the host's daemon check Claude there again now; answers the host as it is then. */
  'hosts.checkClaude': { params: ByHost, result: HostView },
  'hosts.sshAliases': { params: None, result: z.object({ aliases: z.array(z.string()) }) },
  /**
   * Tests a target before it is added, on a connection of its own: SSH login, host key, daemon,
   * Claude. Progress comes as `host.test` events with the window's `testId`; answers the end.
   * `installDaemon`: install the daemon when none answers.
   */
  'hosts.test': {
    params: AddHostParams.pick({ target: true, daemonPort: true, claudeCommand: true, remoteDir: true }).extend({ testId: TestId, installDaemon: z.boolean().optional() }),
    result: HostTestView,
  },
  /** Stops a running `hosts.test` (its dialog closed): its connection ends, nothing more is installed. */
  'hosts.cancelTest': { params: z.object({ testId: TestId }), result: Ok },
  /** The keys a target (not added yet) shows, for the user to compare before trusting one. */
  'hosts.targetHostKeys': { params: ByTarget, result: HostKeys },
  'hosts.trustTargetHostKey': { params: ByTarget.extend({ fingerprint: z.string().min(1) }), result: Ok },

  'sessions.list': { params: None, result: z.array(SessionView) },
  'sessions.create': {
    params: z.object({
      hostId: HostId,
      path: z.string().trim().min(1, 'give a folder on the host'),
      mode: Mode.default('auto'),
      model: z.string().min(1).optional(),
      /** Create the folder when it does not exist; without it a missing folder fails with `folder_missing`. */
      createFolder: z.boolean().optional(),
    }),
    result: SessionView,
  },
  /** Resolves once the daemon has the message (running or queued); `id` comes back on the transcript's `sent` item. */
  'sessions.send': { params: z.object({ key: SessionKey, message: z.string().min(1, 'the message is empty'), id: z.string().max(100).optional() }), result: z.object({ queued: z.boolean() }) },
  'sessions.interrupt': { params: BySession, result: z.object({ interrupted: z.boolean() }) },
  /**
   * Takes back a queued message before its turn begins: `n` is its `sent` item. Answers its text;
   * fails with `not_queued` once its turn began, `unsupported` where the daemon cannot.
   */
  'sessions.cancelQueued': { params: z.object({ key: SessionKey, n: z.number().int().nonnegative() }), result: z.object({ message: z.string() }) },
  'sessions.setMode': { params: z.object({ key: SessionKey, mode: Mode }), result: Ok },
  'sessions.setModel': { params: z.object({ key: SessionKey, model: z.string().min(1).nullable() }), result: Ok },
  /** Answers one of Claude's requests: a tool call, a plan (with the mode to go on in), a question (its `answers`). */
  'sessions.answer': {
    params: z.object({
      key: SessionKey,
      requestId: z.string().min(1),
      decision: z.enum(['allow', 'deny']),
      message: z.string().max(10_000).optional(),
      remember: z.boolean().optional(),
      interrupt: z.boolean().optional(),
      mode: Mode.optional(),
      answers: z.record(z.string(), z.string()).optional(),
    }),
    result: Ok,
  },
  'sessions.resume': { params: BySession, result: z.object({ ok: z.boolean(), fallback: z.boolean() }) },
  'sessions.restore': { params: BySession, result: SessionView },
  'sessions.destroy': { params: BySession, result: Ok },
  'sessions.rename': { params: z.object({ key: SessionKey, name: z.string().trim().min(1, 'the name is empty').max(80) }), result: SessionView },
  'sessions.markRead': { params: BySession, result: Ok },
  'sessions.queueStats': { params: BySession, result: QueueStats },
  /** A page of the transcript: up to `limit` items before index `before` (default: the end). */
  'sessions.transcript': {
    params: z.object({ key: SessionKey, before: z.number().int().optional(), limit: z.number().int().min(1).max(5000).default(1000) }),
    result: z.object({ items: z.array(TranscriptItem), total: z.number().int() }),
  },
  /**
   * Starts sending the session's items after `after` (-1: all of them) on the stream, then each
   * new one. With `after` -1, `tail` asks for about the newest `tail` items only: the first
   * push says where they start (`start`), and what is before comes from `sessions.transcript`.
   */
  'sessions.watch': {
    params: z.object({ stream: StreamId, key: SessionKey, after: z.number().int().min(-1), tail: z.number().int().min(1).max(100_000).optional() }),
    result: z.object({ total: z.number().int() }),
  },
  'sessions.unwatch': { params: z.object({ stream: StreamId, key: SessionKey }), result: Ok },
  'sessions.recentPaths': { params: ByHost, result: z.object({ paths: z.array(z.string()) }) },

  'health.current': { params: ByHost, result: HealthNow },
  'health.series': { params: ByHost, result: z.array(HealthSample) },
} as const;

export type DeskMethodName = keyof typeof DESK_METHODS;
export type DeskParams<M extends DeskMethodName> = z.input<(typeof DESK_METHODS)[M]['params']>;
export type DeskResult<M extends DeskMethodName> = z.output<(typeof DESK_METHODS)[M]['result']>;
export { DESK_METHOD_NAMES, functionName } from './desk-method-names.js';
// The list the window loads without the schemas names exactly these methods (a compile error otherwise).
type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const NAMES_MATCH: SameNames<DeskMethodName, (typeof import('./desk-method-names.js').DESK_METHOD_NAMES)[number]> = true;
void NAMES_MATCH;

// ---------------------------------------------------------------------------
// Push events

export const DeskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('host.changed'), host: HostView }),
  z.object({ type: z.literal('host.removed'), hostId: HostId }),
  /** A session's board summary; at most a few per second per session, however fast it streams. */
  z.object({ type: z.literal('session.changed'), session: SessionView }),
  z.object({ type: z.literal('session.removed'), key: SessionKey }),
  /**
   * Items of a watched session, in order and contiguous from the watch's cursor. `caughtUp`
   * marks the last batch of what was missed; `reset` says the items replace everything held
   * (the transcript is not the one the cursor was in). `start` says the items begin there, not
   * at the transcript's first item (a watch with `tail`): nothing before it was sent.
   */
  z.object({ type: z.literal('session.items'), key: SessionKey, items: z.array(TranscriptItem), caughtUp: z.boolean().optional(), reset: z.boolean().optional(), start: z.number().int().min(1).optional() }),
  z.object({ type: z.literal('health.changed'), hostId: HostId, sample: HealthSample, now: HealthNow }),
  z.object({ type: z.literal('notice'), notice: Notice }),
  /** A step of a `hosts.test` changed. */
  z.object({ type: z.literal('host.test'), test: HostTestView }),
]);
export type DeskEvent = z.infer<typeof DeskEvent>;

/** What opens every event stream: its id, for `sessions.watch`. */
export interface StreamHello {
  stream: string;
}

/** IPC channels of the Electron bridge besides one per method (`desk:<method>`). */
export const EVENTS_OPEN_CHANNEL = 'desk:events.open';
export const EVENTS_CLOSE_CHANNEL = 'desk:events.close';
export const EVENT_CHANNEL = 'desk:event';

// ---------------------------------------------------------------------------
// Derived shapes

/** The renderer's view of the API: one named function per method. */
export type FunctionName<M extends string> = M extends `${infer A}.${infer B}` ? `${A}${Capitalize<B>}` : M;
export type DeskApi = {
  [M in DeskMethodName as FunctionName<M>]: (params: DeskParams<M>) => Promise<DeskResult<M>>;
};

/** What the Electron preload exposes as `window.desk`: the methods, and the window's event stream. */
export type DeskBridge = DeskApi & {
  /** Opens the window's event stream: `onHello` with its id first, then each event; returns a close. */
  openEvents(handlers: { onHello: (hello: StreamHello) => void; onEvent: (event: DeskEvent) => void }): () => void;
  /** Shows an OS notification; a click on it focuses the window and reaches `onNotificationClick` with its tag. */
  notify(note: ShellNote): Promise<void>;
  onNotificationClick(handler: (tag: string) => void): void;
};

/** A notification the page asks the shell to show. Bounded: it is built from session names and Claude's tool names. */
export const ShellNote = z.object({
  title: z.string().max(200),
  body: z.string().max(500),
  tag: z.string().max(1000),
});
export type ShellNote = z.infer<typeof ShellNote>;
export const NOTIFY_CHANNEL = 'shell:notify';
export const NOTIFICATION_CLICK_CHANNEL = 'shell:notification-click';

/**
 * Why a call failed, for the renderer to act on:
 * `invalid_params` input that failed the schema; `unknown_method`; `not_found` no such host or
 * session; `not_connected` the host is paused, failed or did not connect in time; `session_lost`
 * the daemon no longer knows the session; `daemon_error` the daemon refused; `folder_missing` a new
 * session's folder does not exist (ask, then create it with `createFolder`); `unsupported` the
 * host's daemon cannot do this (it is older); `not_queued` a queued message to cancel has begun
 * already; `failed` anything else.
 */
export const DESK_ERROR_CODES = ['invalid_params', 'unknown_method', 'not_found', 'not_connected', 'session_lost', 'daemon_error', 'folder_missing', 'unsupported', 'not_queued', 'failed'] as const;
export type DeskErrorCode = (typeof DESK_ERROR_CODES)[number];

/** A failed call, as every transport reports it to the renderer. */
export interface DeskErrorBody {
  message: string;
  code: DeskErrorCode;
}

export function describeParamsError(method: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` "${issue.path.join('.')}"` : '';
  return `${method}: invalid${where}: ${issue?.message ?? 'bad input'}`;
}
