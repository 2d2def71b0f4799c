import { describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/desk-api.js';
import { cappedSessions, sessionsByHost } from './sidebar-sessions.js';
import { sessionView } from './testing/session-view.js';

const host = (id: string) => ({ id, name: id }) as HostView;
const waiting = { approvals: [{ requestId: 'r1', kind: 'tool' as const, since: '2026-11-25T00:00:00Z' }] };

describe('the sidebar’s sessions per host', () => {
  it('groups sessions under their host, by name (numbers in names counted as numbers), every host listed', () => {
    const grouped = sessionsByHost([host('local'), host('box'), host('empty')], [
      sessionView('s10', { name: 'build 10' }),
      sessionView('b', { hostId: 'box', name: 'Training' }),
      sessionView('s2', { name: 'build 2' }),
      sessionView('a', { name: 'api' }),
    ]);
    expect([...grouped.keys()]).toEqual(['local', 'box', 'empty']);
    expect(grouped.get('local')!.map((s) => s.name)).toEqual(['api', 'build 2', 'build 10']);
    expect(grouped.get('box')!.map((s) => s.name)).toEqual(['Training']);
    expect(grouped.get('empty')).toEqual([]);
  });

  it('leaves out sessions of a host that is gone', () => {
    const grouped = sessionsByHost([host('local')], [sessionView('x', { hostId: 'removed' })]);
    expect([...grouped.values()].flat()).toEqual([]);
  });

  it('a long list shows its first ones and counts the rest', () => {
    const sessions = Array.from({ length: 11 }, (_, at) => sessionView(`s${at}`));
    const { shown, hidden } = cappedSessions(sessions, 8, null);
    expect(shown.map((s) => s.name)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
    expect(hidden).toBe(3);
  });

  it('never hides the session on screen or one waiting for an answer behind "N more"', () => {
    const sessions = Array.from({ length: 11 }, (_, at) => sessionView(`s${at}`, at === 9 ? waiting : {}));
    const { shown, hidden } = cappedSessions(sessions, 8, 'local/s10');
    expect(shown.map((s) => s.name)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's9', 's10']);
    expect(hidden).toBe(1);
  });

  it('shows a short list whole', () => {
    const sessions = [sessionView('a'), sessionView('b')];
    expect(cappedSessions(sessions, 8, null)).toEqual({ shown: sessions, hidden: 0 });
  });
});
