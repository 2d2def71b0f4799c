import { describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/desk-api.js';
import { sessionView } from './testing/session-view.js';
import { attentionOf, boardSessions, nextApproval, NO_FILTER, waitingApprovals, waitingCount } from './board.js';

const session = sessionView;
const hosts = new Map([
  ['local', { id: 'local', name: 'This computer' } as HostView],
  ['box', { id: 'box', name: 'build box' } as HostView],
]);

describe('session board', () => {
  const sessions = [
    session('idle-old', { lastActivityAt: '2026-11-25T01:00:00Z' }),
    session('running', { status: 'busy' }),
    session('idle-new', { lastActivityAt: '2026-11-25T02:00:00Z' }),
    session('failed', { unread: true, lastOutcome: 'failed', hostId: 'box' }),
    session('queued', { status: 'busy', queue: { userPending: 2, responsePending: 0, clientConnected: true } }),
    session('unread', { unread: true, lastOutcome: 'completed', path: '/srv/api' }),
    session('lost', { lost: true }),
  ];

  it('puts what needs attention first: failed, unread, queued, running, idle (newest first), lost', () => {
    expect(boardSessions(sessions, hosts, NO_FILTER).map((s) => s.name)).toEqual(['failed', 'unread', 'queued', 'running', 'idle-new', 'idle-old', 'lost']);
  });

  it('keeps sessions at work in place while they stream (by name), so a row does not move under the pointer', () => {
    const at = (minute: number) => `2026-11-25T03:${String(minute).padStart(2, '0')}:00Z`;
    const order = (alpha: number, beta: number) =>
      boardSessions([session('beta', { status: 'busy', lastActivityAt: at(beta) }), session('alpha', { status: 'busy', lastActivityAt: at(alpha) })], hosts, NO_FILTER).map((s) => s.name);
    expect(order(1, 2)).toEqual(['alpha', 'beta']);
    expect(order(2, 1)).toEqual(['alpha', 'beta']);
  });

  it('filters by host, by status and by text in name, path, host or model', () => {
    expect(boardSessions(sessions, hosts, { ...NO_FILTER, hostId: 'box' }).map((s) => s.name)).toEqual(['failed']);
    expect(boardSessions(sessions, hosts, { ...NO_FILTER, attention: 'running' }).map((s) => s.name)).toEqual(['running']);
    expect(boardSessions(sessions, hosts, { ...NO_FILTER, text: '/SRV' }).map((s) => s.name)).toEqual(['unread']);
    expect(boardSessions(sessions, hosts, { ...NO_FILTER, text: 'build box' }).map((s) => s.name)).toEqual(['failed']);
  });

  it('counts a daemon error as failed even when read', () => {
    expect(attentionOf(session('e', { status: 'error' }))).toBe('failed');
  });

  it('shows a session at work as running even when an earlier turn is unread', () => {
    expect(attentionOf(session('r', { status: 'busy', unread: true, lastOutcome: 'completed' }))).toBe('running');
    expect(attentionOf(session('q', { status: 'busy', unread: true, queue: { userPending: 1, responsePending: 0, clientConnected: true } }))).toBe('queued');
  });

  it('tops the board with sessions waiting for an answer, the longest-waiting first, and counts every request', () => {
    const waitingA = session('waits-late', { status: 'busy', approvals: [{ requestId: 'r3', kind: 'tool', tool: 'Bash', since: '2026-11-25T03:00:00Z' }] });
    const waitingB = session('waits-long', {
      hostId: 'box',
      status: 'busy',
      approvals: [
        { requestId: 'r1', kind: 'tool', tool: 'Edit', since: '2026-11-25T01:00:00Z' },
        { requestId: 'r2', kind: 'question', since: '2026-11-25T02:00:00Z' },
      ],
    });
    const lostWaiting = session('lost-waiting', { lost: true, approvals: [{ requestId: 'r9', kind: 'tool', since: '2026-11-25T00:00:00Z' }] });
    const all = [...sessions, waitingA, waitingB, lostWaiting];
    expect(boardSessions(all, hosts, NO_FILTER).map((s) => s.name).slice(0, 3)).toEqual(['waits-long', 'waits-late', 'failed']);
    expect(waitingCount(new Map(all.map((s) => [s.key, s])))).toBe(3);
    const waiting = waitingApprovals(all);
    expect(waiting.map((entry) => entry.requestId)).toEqual(['r1', 'r2', 'r3']);
    expect(nextApproval(waiting, null)).toEqual({ key: 'box/waits-long', requestId: 'r1' });
    expect(nextApproval(waiting, 'r2')).toEqual({ key: 'local/waits-late', requestId: 'r3' });
    expect(nextApproval(waiting, 'r3')).toEqual({ key: 'box/waits-long', requestId: 'r1' });
    expect(nextApproval(waiting, 'answered-meanwhile')).toEqual({ key: 'box/waits-long', requestId: 'r1' });
    expect(nextApproval([], 'r1')).toBeNull();
  });
});
