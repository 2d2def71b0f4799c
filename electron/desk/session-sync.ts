/**
 * Brings the desk's sessions of one host in line with what its daemon lists: statuses and
 * queues, sessions started elsewhere (adopted), sessions the daemon forgot (marked lost).
 */
import { knownMode, knownStatus, type SessionInfo } from '../../shared/protocol.js';
import type { SessionRecord } from '../../shared/records.js';
import type { HostRuntime } from './host-runtime.js';
import { sessionNameFor } from './names.js';
import type { SessionRuntime } from './session-runtime.js';

export interface SyncTarget {
  /** The first sync of this host in this run: every session catches up (the app was closed). */
  firstSync: boolean;
  /** The desk's sessions on this host. */
  known: SessionRuntime[];
  adopt: (info: SessionInfo) => SessionRuntime;
  /** The daemon answered: later syncs are not the first. */
  synced: () => void;
}

export async function syncHostSessions(host: HostRuntime, target: SyncTarget): Promise<void> {
  const state = host.link.state;
  if (state.status !== 'connected') return;
  let infos: SessionInfo[];
  const askedAt = new Date().toISOString();
  try {
    infos = await host.link.client.listSessions(state.localPort);
  } catch {
    return;
  }
  target.synced();
  const known = new Map(target.known.map((session) => [session.entry.sessionId, session]));
  for (const info of infos) {
    const runtime = known.get(info.sessionId) ?? target.adopt(info);
    known.delete(info.sessionId);
    runtime.applyInfo(info, askedAt);
    runtime.setQueue(host.monitor?.sessions.find((s) => s.sessionId === info.sessionId)?.queue ?? null);
    // After a restart of the app, or for a turn started elsewhere: catch up and follow.
    if (target.firstSync || info.status === 'busy') void runtime.follow();
  }
  for (const forgotten of known.values()) forgotten.markLost();
}

/** A new session's record: its key, a name not taken yet (its folder's), what the daemon said of it. */
export function newSessionRecord(
  taken: ReadonlySet<string>,
  hostId: string,
  info: { sessionId: string; path: string; mode?: string; model?: string | null; status?: string; sdkSessionId?: string | null; createdAt?: string; lastActivityAt?: string },
): SessionRecord {
  const now = new Date().toISOString();
  return {
    key: `${hostId}/${info.sessionId}`,
    hostId,
    sessionId: info.sessionId,
    name: sessionNameFor(info.path, taken),
    path: info.path,
    mode: knownMode(info.mode ?? 'auto'),
    model: info.model ?? null,
    status: knownStatus(info.status ?? 'idle'),
    sdkSessionId: info.sdkSessionId ?? null,
    createdAt: info.createdAt || now,
    lastActivityAt: info.lastActivityAt || now,
    unread: false,
    lastOutcome: null,
    lost: false,
    transcriptLength: 0,
    approvals: [],
  };
}
