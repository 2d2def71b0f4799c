/**
 * What the desk keeps between runs, one schema per record: a host's configuration, a session's
 * record and a transcript item. Every file the desk writes carries a format version; on load
 * each record is parsed with its schema, and one that does not fit is set aside, never half-used.
 */
import { z } from 'zod';
import { Mode, PERMISSION_KINDS, QueueStats, SessionStatus, StreamEvent } from './protocol.js';

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
  /** The access token of the daemon Switchyard installed there (sent as a bearer token). */
  daemonToken: z.string().min(16).optional(),
  /** The mode last chosen for a new session here, offered first next time; one this app does not know is dropped. */
  lastMode: Mode.optional().catch(undefined),
});
export type HostConfig = z.infer<typeof HostConfig>;

/** A status or mode the daemon reported that this app does not know reads as `unknown`. */
export const StatusOrUnknown = z.union([SessionStatus, z.literal('unknown')]);
export const ModeOrUnknown = z.union([Mode, z.literal('unknown')]);
export const TurnOutcome = z.enum(['completed', 'failed', 'interrupted']);

/** A request of Claude's waiting for the user's answer, as the board shows it. */
export const WaitingApproval = z.object({
  requestId: z.string(),
  kind: z.enum(PERMISSION_KINDS),
  tool: z.string().optional(),
  /** When it began to wait (ISO time). */
  since: z.string(),
});
export type WaitingApproval = z.infer<typeof WaitingApproval>;

/** One session as the desk knows it: what the board shows, and what it needs to reach the daemon. */
export const SessionRecord = z.object({
  /** Stable for the life of the session on this desk, also across a restore. */
  key: SessionKey,
  hostId: HostId,
  /** The daemon's id for it now (changes when a forgotten session is restored). */
  sessionId: z.string().min(1),
  name: z.string().min(1),
  path: z.string(),
  mode: ModeOrUnknown,
  model: z.string().nullable(),
  status: StatusOrUnknown,
  sdkSessionId: z.string().nullable(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  /** A turn ended since the user last looked. */
  unread: z.boolean(),
  lastOutcome: TurnOutcome.nullable(),
  /** The daemon no longer knows this session; it can be restored. */
  lost: z.boolean(),
  /** The transcript has this many items. */
  transcriptLength: z.number().int().nonnegative(),
  /** Transcript index where the current daemon session began (after a restore). */
  restoredAt: z.number().int().nonnegative().optional(),
  /** Claude's requests waiting for an answer, oldest first. */
  approvals: z.array(WaitingApproval).default([]),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

/** The API's view of a session: its record and its live queue. */
export const SessionView = SessionRecord.extend({ queue: QueueStats.nullable() });
export type SessionView = z.infer<typeof SessionView>;

/** One line of a session's transcript as the desk keeps it. */
export const TranscriptItem = z.discriminatedUnion('kind', [
  z.object({
    n: z.number().int().nonnegative(),
    /** A run of text deltas joined for the renderer covers items `from`..`n`; each is kept on its own on disk. */
    from: z.number().int().nonnegative().optional(),
    kind: z.literal('event'),
    event: StreamEvent,
  }),
  /** A message the daemon accepted; `id` is the one the window gave it when it was sent. */
  z.object({ n: z.number().int().nonnegative(), kind: z.literal('sent'), message: z.string(), at: z.string(), id: z.string().optional() }),
  /** A queued message, the `sent` item numbered `sent`, taken back before its turn began: it never runs. */
  z.object({ n: z.number().int().nonnegative(), kind: z.literal('cancelled'), sent: z.number().int().nonnegative(), at: z.string() }),
  z.object({
    n: z.number().int().nonnegative(),
    kind: z.literal('notice'),
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
    at: z.string(),
  }),
]);
export type TranscriptItem = z.infer<typeof TranscriptItem>;
type WithoutN<I> = I extends unknown ? Omit<I, 'n'> : never;
/** An item before the transcript numbers it. */
export type NewTranscriptItem = WithoutN<TranscriptItem>;

// ---------------------------------------------------------------------------
// Files

export const HOSTS_FORMAT = { format: 'switchyard.hosts', version: 1 } as const;
export const SESSIONS_FORMAT = { format: 'switchyard.sessions', version: 1 } as const;
export const TRANSCRIPT_FORMAT = { format: 'switchyard.transcript', version: 1 } as const;

/** The envelope of a versioned file of records; the records are checked one by one. */
export const RecordsFile = z.object({ format: z.string(), version: z.number().int(), records: z.array(z.unknown()) });
export type FileFormat = { readonly format: string; readonly version: number };
