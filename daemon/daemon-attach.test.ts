import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { useTestWorld } from './testing/harness.js';
import { collect, readUntil, seqs } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;
const isAttached = (event: StreamEvent) => event.type === 'system' && event.subtype === 'attached';

describe('session.attach says what state the session is in once it has replayed', () => {
  it('an idle session: the retained events, then one attached marker with status idle and no seq', async () => {
    const { port } = await world.start();
    const id = await client.createSession(port, world.env.workDir);
    const turn = await collect(client.sendMessage(port, id, 'say: hi'));
    const attached = client.attachSession(port, id, 0);
    const replay = await readUntil(attached, isAttached);
    await attached.return();
    expect(replay.slice(0, -1)).toEqual(turn);
    expect(replay.at(-1)).toEqual({ type: 'system', subtype: 'attached', status: 'idle' });
    const history = await client.sessionHistory(port, id);
    expect(history.events.some(isAttached)).toBe(false);
    expect(history.nextSeq).toBe(Math.max(...seqs(turn)) + 1);
  });

  it('a busy session: status busy, then the live events of the running turn', async () => {
    const { port } = await world.start();
    const id = await client.createSession(port, world.env.workDir);
    const sent = client.sendMessage(port, id, 'slow: 20 100');
    const before = await readUntil(sent, (event) => event.type === 'partial');
    const attached = client.attachSession(port, id, Math.max(...seqs(before)));
    const replay = await readUntil(attached, isAttached);
    expect(replay.at(-1)).toEqual({ type: 'system', subtype: 'attached', status: 'busy' });
    const live = await readUntil(attached, (event) => event.type === 'result');
    await attached.return();
    expect(live.some(isAttached)).toBe(false);
    await collect(sent);
  });
});
