/** Session actions offered in more than one place (the session header, the palette). */
import type { SessionView } from '../../shared/desk-api.js';
import type { TranscriptState } from '../../shared/transcript.js';
import type { TurnFailure } from '../../shared/turn-failure.js';
import type { Controller } from '../state/controller.js';

/**
 * The failure of the session's last turn, when its last turn failed: the newest row that ends a
 * turn decides (a later completed or interrupted turn means the failure is behind it).
 */
export function lastTurnFailure(transcript: TranscriptState | undefined): TurnFailure | null {
  const rows = transcript?.rows ?? [];
  for (let at = rows.length - 1; at >= 0; at--) {
    const row = rows[at]!;
    if (row.kind === 'failure') return row.failure;
    if (row.kind === 'turn-end' || row.kind === 'interrupted' || row.kind === 'user') return null;
  }
  return null;
}

/**
 * Whether Resume can help this session now. The daemon carries a Claude conversation on by
 * itself: every turn runs with `--resume` of the conversation it knows, also after a daemon
 * restart, and Switchyard's daemon starts a fresh, primed one when that fails. Resume (handing
 * the daemon the conversation id this desk knows, or asking for a fresh primed one) helps only
 * when the daemon could not go on with it, which the last turn shows:
 * - it failed because the CLI found no such conversation ("No conversation found with session
 *   ID", a daemon without `fallback`), and
 * - the session is neither lost (Restore is the answer then) nor busy.
 * Any other failure (an API error, a login, a crash) is answered by Retry; a turn that went
 * well needs nothing.
 */
export function resumeHelps(session: Pick<SessionView, 'lost' | 'status'>, failure: TurnFailure | null): boolean {
  if (session.lost || session.status === 'busy') return false;
  return failure?.cause.kind === 'conversation-lost';
}

/** Resumes the Claude conversation and says what that did, in words for the user. */
export async function resumeSession(controller: Controller, key: string): Promise<void> {
  const { sessions, hosts } = controller.store.getState();
  const session = sessions.get(key);
  const name = session?.name ?? key;
  const hostName = session ? (hosts.get(session.hostId)?.name ?? session.hostId) : null;
  const result = await controller.run('Resume', () => controller.desk.sessionsResume({ key }), [hostName, name].filter(Boolean).join(' · '));
  if (!result) return;
  controller.store.toast(result.ok && !result.fallback ? 'info' : 'warning', resumeOutcome(name, hostName ?? 'its host', result), hostName);
}

/** What a resume did, as the user would say it. */
export function resumeOutcome(name: string, hostName: string, result: { ok: boolean; fallback: boolean }): string {
  if (!result.ok) return `${name}: the daemon on ${hostName} no longer knows this session, so there is nothing to resume. Use Restore to create it again; the transcript is kept.`;
  if (result.fallback) return `${name}: Claude’s earlier conversation is gone on ${hostName}, so your next message starts a fresh one that first reads this session’s transcript.`;
  return `${name}: your next message continues the same Claude conversation.`;
}
