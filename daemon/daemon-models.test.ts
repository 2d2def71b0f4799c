import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonError } from '../electron/client/index.js';
import type { StreamEvent } from '../shared/protocol.js';
import { useTestWorld, worldClis as worldClisOf } from './testing/harness.js';
import { collect } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

const initModel = (events: StreamEvent[]) => events.find((event) => event.type === 'system' && event.subtype === 'init')?.model;
const requestedModel = () => world.env.model.requests.at(-1)?.model;

async function createSession(port: number, params: Record<string, unknown> = {}): Promise<string> {
  const result = (await client.rpcCall(port, 'session.create', { path: world.env.workDir, ...params })) as { sessionId: string };
  return result.sessionId;
}
const setModel = (port: number, sessionId: string, model: string | null) => client.rpcCall(port, 'session.set_model', { sessionId, model });
const listedModel = async (port: number, sessionId: string) => (await client.listSessions(port)).find((session) => session.sessionId === sessionId)?.model;

const worldClis = () => worldClisOf(world.env);

describe('a model per session (models)', () => {
  it('session.create takes a model: listed at once, passed to the CLI, reported by init', async () => {
    const { port } = await world.start();
    const id = await createSession(port, { model: 'claude-haiku-4-5' });
    expect(await listedModel(port, id)).toBe('claude-haiku-4-5');
    const events = await collect(client.sendMessage(port, id, 'say: small and quick'));
    expect(initModel(events)).toBe('claude-haiku-4-5');
    expect(requestedModel()).toBe('claude-haiku-4-5');
  });

  it('session.set_model applies to the running CLI at once, and null goes back to the default', async () => {
    const { port } = await world.start();
    const id = await createSession(port);
    const first = await collect(client.sendMessage(port, id, 'say: one'));
    const defaultModel = initModel(first);
    expect(defaultModel).toEqual(expect.any(String));
    const [cli] = worldClis();
    expect(await setModel(port, id, 'claude-sonnet-4-5')).toEqual({ ok: true });
    expect(await listedModel(port, id)).toBe('claude-sonnet-4-5');
    const second = await collect(client.sendMessage(port, id, 'say: two'));
    expect(initModel(second)).toBe('claude-sonnet-4-5');
    expect(requestedModel()).toBe('claude-sonnet-4-5');
    expect(worldClis()).toEqual([cli]);
    expect(await setModel(port, id, null)).toEqual({ ok: true });
    const third = await collect(client.sendMessage(port, id, 'say: three'));
    expect(initModel(third)).toBe(defaultModel);
    expect(await listedModel(port, id)).toBe(defaultModel);
  });

  it('health.check lists the models the CLI offers once a CLI has said so', async () => {
    const { port } = await world.start();
    expect((await client.healthCheck(port)).models).toBeUndefined();
    const id = await createSession(port);
    await collect(client.sendMessage(port, id, 'say: hi'));
    await expect.poll(async () => (await client.healthCheck(port)).models, { timeout: 10_000 }).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'default' }), expect.objectContaining({ value: 'sonnet', displayName: 'Sonnet' })]),
    );
  });

  it('session.set_model before any turn: the first turn starts with that model', async () => {
    const { port } = await world.start({ args: ['--cli-mode', 'per-message'] });
    const id = await createSession(port);
    expect(await setModel(port, id, 'claude-haiku-4-5')).toEqual({ ok: true });
    expect(initModel(await collect(client.sendMessage(port, id, 'say: hi')))).toBe('claude-haiku-4-5');
  });

  it('refuses a cli_type other than claude, naming it, and never runs Claude for it', async () => {
    const { port } = await world.start();
    const refused = await createSession(port, { cli_type: 'codex' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DaemonError);
    expect(refused).toMatchObject({ code: -32602, message: 'this daemon runs only Claude; cli_type "codex" is not supported' });
    expect(await client.listSessions(port)).toEqual([]);
    const id = await createSession(port, { cli_type: 'claude' });
    expect((await client.listSessions(port)).find((session) => session.sessionId === id)).toMatchObject({ cliType: 'claude' });
  });

  it('set_model on an unknown session: -32004', async () => {
    const { port } = await world.start();
    await expect(setModel(port, 'nope', 'x')).rejects.toMatchObject({ code: -32004, message: 'Session not found: nope' });
  });
});
