import { describe, expect, it } from 'vitest';
import type { HostView, SessionView } from '../../shared/desk-api.js';
import type { ShellNote } from '../../shared/desk-api.js';
import { sessionView } from './testing/session-view.js';
import { parseNoticeTag, watchApprovalNotices } from './approval-notices.js';
import { Store } from './store.js';

const session = (key: string, approvals: SessionView['approvals']): SessionView => {
  const [hostId, id] = key.split('/') as [string, string];
  return sessionView(id, { hostId, name: `session ${key}`, mode: 'ask', model: null, status: 'busy', approvals });
};
const bash = (requestId: string) => ({ requestId, kind: 'tool' as const, tool: 'Bash', since: '2026-11-25T00:00:00Z' });

function setup(lookingAt: string | null) {
  const store = new Store();
  const shown: ShellNote[] = [];
  watchApprovalNotices(store, { notify: (note) => shown.push(note) }, (key) => key === lookingAt);
  store.loaded({ hosts: [{ id: 'box', name: 'build box' } as HostView], sessions: [session('box/a', [bash('old')]), session('box/b', [])], appInfo: null as never });
  return { store, shown };
}

describe('approval notifications', () => {
  it('tells of a request that arrives in a session not on screen, once, and its click finds the request', () => {
    const { store, shown } = setup('box/a');
    expect(shown).toEqual([]); // already waiting at load: on the board, not news
    store.apply({ type: 'session.changed', session: session('box/b', [bash('new')]) });
    store.apply({ type: 'session.changed', session: session('box/b', [bash('new')]) });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'session box/b on build box', body: 'Claude asks to use Bash' });
    expect(parseNoticeTag(shown[0]!.tag)).toEqual({ key: 'box/b', requestId: 'new' });
  });

  it('stays quiet for a request in the session the developer is looking at', () => {
    const { store, shown } = setup('box/b');
    store.apply({ type: 'session.changed', session: session('box/b', [bash('seen')]) });
    expect(shown).toEqual([]);
  });

  it('says what a plan or a question wants', () => {
    const { store, shown } = setup(null);
    store.apply({ type: 'session.changed', session: session('box/b', [{ requestId: 'p', kind: 'plan', since: '2026-11-25T00:00:00Z' }]) });
    store.apply({ type: 'session.changed', session: session('box/a', [bash('old'), { requestId: 'q', kind: 'question', since: '2026-11-25T00:00:00Z' }]) });
    expect(shown.map((note) => note.body)).toEqual(['Claude’s plan waits for your approval', 'Claude asks you a question']);
  });
});
