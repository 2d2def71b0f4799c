/**
 * The API between the main process (the desk) and the renderer: one table entry per method,
 * `{ params, result }`, and the union of push events. The preload, the browser transport and
 * the main-side binding are all derived from this table, so a method exists in one place.
 * The renderer never sees ports, tunnels or the daemon protocol.
 */
import { z } from 'zod';
import { HealthResult, Mode, MonitorResult, QueueStats, SessionStatus, StreamEvent } from './protocol.js';

// ---------------------------------------------------------------------------
// Records

export const HostId = z.string().min(1);
export const SessionKey = z.string().min(1).describe('"<hostId>/<sessionId>"');

export const HostConfig = z.object({
  id: HostId,
  name: z.string().min(1),
  kind: z.enum(['local', 'ssh']),
  /** For ssh hosts: an alias of the SSH config, or a host name, with optional user and port. */
  ssh: z.object({ host: z.string().min(1), user: z.string().optional(), port: z.number().int().min(1).max(65535).optional() }).optional(),
  daemonPort: z.number().int().min(0).max(65535),
  /** Where an installed daemon lives on the host. */
  remoteDir: z.string().optional(),
  /** The Claude CLI command on the host, for a daemon Switchyard installs. */
  claudeCommand: z.string().optional(),
});
export type HostConfig = z.infer<typeof HostConfig>;

export const HostAction = z.enum(['install-daemon', 'update-daemon', 'trust-host-key', 'check-credentials', 'retry']);
export type HostAction = z.infer<typeof HostAction>;

export const HostLinkView = z.discriminatedUnion('status', [
  z.object({ status: z.literal('connecting') }),
  z.object({ status: z.literal('connected') }),
  z.object({ status: z.literal('reconnecting'), reason: z.string(), retryAt: z.number(), attempt: z.number() }),
  z.object({ status: z.literal('paused') }),
  z.object({ status: z.literal('failed'), reason: z.string(), kind: z.string(), action: HostAction }),
]);
export type HostLinkView = z.infer<typeof HostLinkView>;

export const HostView = HostConfig.extend({
  link: HostLinkView,
  daemonVersion: z.string().nullable(),
  /** The daemon runs an older version than this app ships. */
  updateAvailable: z.boolean(),
  capabilities: z.array(z.string()),
});
export type HostView = z.infer<typeof HostView>;

export const TurnOutcome = z.enum(['completed', 'failed', 'interrupted']);

export const SessionView = z.object({
  key: SessionKey,
  hostId: HostId,
  sessionId: z.string(),
  name: z.string(),
  path: z.string(),
  mode: Mode,
  model: z.string().nullable(),
  status: SessionStatus,
  sdkSessionId: z.string().nullable(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  queue: QueueStats.nullable(),
  /** A turn ended since the user last looked. */
  unread: z.boolean(),
  lastOutcome: TurnOutcome.nullable(),
  /** The daemon no longer knows this session; it can be restored. */
  lost: z.boolean(),
  /** The transcript has this many items. */
  transcriptLength: z.number().int().nonnegative(),
});
export type SessionView = z.infer<typeof SessionView>;

/** One line of a session's transcript as the desk keeps it. */
export const TranscriptItem = z.discriminatedUnion('kind', [
  z.object({
    n: z.number().int(),
    /** A run of text deltas joined for the renderer covers items `from`..`n`; each is kept on its own on disk. */
    from: z.number().int().optional(),
    kind: z.literal('event'),
    event: StreamEvent,
  }),
  z.object({ n: z.number().int(), kind: z.literal('sent'), message: z.string(), at: z.string() }),
  z.object({
    n: z.number().int(),
    kind: z.literal('notice'),
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
    at: z.string(),
  }),
]);
export type TranscriptItem = z.infer<typeof TranscriptItem>;

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

export const Notice = z.object({
  level: z.enum(['info', 'warning', 'error']),
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

export const AddHostParams = z.object({
  /** An ssh config alias, or `[user@]host[:port]`. */
  target: z.string().trim().min(1, 'give an SSH alias or user@host:port'),
  name: z.string().trim().min(1).optional(),
  daemonPort: z.number().int().min(1).max(65535).optional(),
  claudeCommand: z.string().optional(),
  /** Where to install the daemon on the host (default ~/.switchyard/daemon). */
  remoteDir: z.string().optional(),
});

export const DESK_METHODS = {
  'app.info': { params: None, result: z.object({ version: z.string(), mode: z.enum(['electron', 'browser']), dataDir: z.string() }) },

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
  'hosts.sshAliases': { params: None, result: z.object({ aliases: z.array(z.string()) }) },

  'sessions.list': { params: None, result: z.array(SessionView) },
  'sessions.create': { params: z.object({ hostId: HostId, path: z.string().trim().min(1, 'give a folder on the host'), mode: Mode.default('auto') }), result: SessionView },
  'sessions.send': { params: z.object({ key: SessionKey, message: z.string().min(1, 'the message is empty') }), result: Ok },
  'sessions.interrupt': { params: BySession, result: z.object({ interrupted: z.boolean() }) },
  'sessions.setMode': { params: z.object({ key: SessionKey, mode: Mode }), result: Ok },
  'sessions.resume': { params: BySession, result: z.object({ ok: z.boolean(), fallback: z.boolean() }) },
  'sessions.restore': { params: BySession, result: SessionView },
  'sessions.destroy': { params: BySession, result: Ok },
  'sessions.rename': { params: z.object({ key: SessionKey, name: z.string().trim().min(1, 'the name is empty').max(80) }), result: SessionView },
  'sessions.markRead': { params: BySession, result: Ok },
  'sessions.queueStats': { params: BySession, result: QueueStats },
  'sessions.transcript': {
    params: z.object({ key: SessionKey, before: z.number().int().optional(), limit: z.number().int().min(1).max(5000).default(1000) }),
    result: z.object({ items: z.array(TranscriptItem), total: z.number().int() }),
  },
  'sessions.recentPaths': { params: ByHost, result: z.object({ paths: z.array(z.string()) }) },

  'health.current': { params: ByHost, result: z.object({ health: HealthResult.nullable(), monitor: MonitorResult.nullable() }) },
  'health.series': { params: ByHost, result: z.array(HealthSample) },
} as const;

export type DeskMethodName = keyof typeof DESK_METHODS;
export type DeskParams<M extends DeskMethodName> = z.input<(typeof DESK_METHODS)[M]['params']>;
export type DeskResult<M extends DeskMethodName> = z.output<(typeof DESK_METHODS)[M]['result']>;
export const DESK_METHOD_NAMES = Object.keys(DESK_METHODS) as DeskMethodName[];

// ---------------------------------------------------------------------------
// Push events

export const DeskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('host.changed'), host: HostView }),
  z.object({ type: z.literal('host.removed'), hostId: HostId }),
  z.object({ type: z.literal('session.items'), key: SessionKey, items: z.array(TranscriptItem) }),
  z.object({ type: z.literal('session.changed'), session: SessionView }),
  z.object({ type: z.literal('session.removed'), key: SessionKey }),
  z.object({ type: z.literal('health.sample'), hostId: HostId, sample: HealthSample }),
  z.object({ type: z.literal('notice'), notice: Notice }),
]);
export type DeskEvent = z.infer<typeof DeskEvent>;

// ---------------------------------------------------------------------------
// Derived shapes

/** `hosts.add` → `hostsAdd`: the name under which a transport exposes a method. */
export function functionName(method: string): string {
  return method.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase());
}

/** The renderer's view of the API: one named function per method, plus the event stream. */
export type FunctionName<M extends string> = M extends `${infer A}.${infer B}` ? `${A}${Capitalize<B>}` : M;
export type DeskApi = {
  [M in DeskMethodName as FunctionName<M>]: (params: DeskParams<M>) => Promise<DeskResult<M>>;
} & {
  onEvent(listener: (event: DeskEvent) => void): () => void;
};

/** A failed call, as every transport reports it to the renderer. */
export interface DeskErrorBody {
  message: string;
  /** `invalid_params` for input that failed the schema; `failed` otherwise. */
  code: 'invalid_params' | 'failed' | 'unknown_method';
}

export function describeParamsError(method: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` "${issue.path.join('.')}"` : '';
  return `${method}: invalid${where}: ${issue?.message ?? 'bad input'}`;
}
