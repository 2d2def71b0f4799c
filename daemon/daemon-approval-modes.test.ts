/**
 * Modes with approvals, on the real CLI: plan approval switches the session's mode, auto asks
 * nothing and works as root without IS_SANDBOX, mode and model reach a running CLI without
 * restarting it, and one process per message says that approvals need the persistent CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../shared/protocol.js';
import { initOf, permissions, resolutions, sessionCalls, untilPermission } from './testing/approval-calls.js';
import { useTestWorld, worldClis } from './testing/harness.js';
import { collect, texts } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;
const inWork = (name: string) => path.join(world.env.workDir, name);
const notices = (events: StreamEvent[]) => events.filter((event) => event.type === 'system' && event.subtype === 'notice');

/** Whether a process's environment says the host is a sandbox (the CLI's escape from its root refusal). */
const saysSandbox = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').some((entry) => entry.startsWith('IS_SANDBOX='));

describe('modes with approvals', () => {
  it("plan: the plan is asked; approved with mode code, the session and the CLI go on in code (acceptEdits), same CLI", async () => {
    const { port } = await world.start();
    const id = await client.createSession(port, world.env.workDir, 'plan');
    const calls = sessionCalls(client, port, id);
    const stream = client.sendMessage(port, id, 'plan: # The plan\n- write plan.txt');
    const { seen, request } = await untilPermission(stream);
    expect(initOf(seen)?.raw.permissionMode).toBe('plan');
    expect(request).toMatchObject({ kind: 'plan', tool: 'ExitPlanMode', input: { plan: '# The plan\n- write plan.txt' } });
    const [cli] = worldClis(world.env);
    await calls.answer({ requestId: request.requestId, decision: 'allow', mode: 'code' });
    const rest = await collect(stream);
    expect(resolutions(rest)).toEqual([expect.objectContaining({ decision: 'allow', by: 'user', mode: 'code' })]);
    expect(texts(rest).at(-1)).toMatch(/^Tool said: User has approved your plan/);
    expect(await calls.info()).toMatchObject({ mode: 'code', status: 'idle' });
    const next = await collect(client.sendMessage(port, id, 'write: plan.txt | carried out'));
    expect(initOf(next)?.raw.permissionMode).toBe('acceptEdits');
    expect(permissions(next)).toEqual([]);
    expect(readFileSync(inWork('plan.txt'), 'utf8')).toBe('carried out');
    expect(worldClis(world.env)).toEqual([cli]);
  });

  it.each(['persistent', 'per-message'] as const)('auto as root without IS_SANDBOX (%s): a Bash turn works and nothing waits', async (cliMode) => {
    const daemon = await world.start({ args: ['--cli-mode', cliMode] });
    const port = daemon.port;
    expect(saysSandbox(daemon.pid)).toBe(false);
    const id = await client.createSession(port, world.env.workDir, 'auto');
    const events = await collect(client.sendMessage(port, id, 'bash: touch auto.txt'));
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ is_error: false });
    expect(events.at(-1)).toMatchObject({ type: 'result', raw: { is_error: false } });
    expect(existsSync(inWork('auto.txt'))).toBe(true);
    if (cliMode === 'persistent') {
      expect(worldClis(world.env).map(saysSandbox)).toEqual([false]);
      const [request] = permissions(events);
      expect(request).toMatchObject({ tool: 'Bash', kind: 'tool' });
      expect(resolutions(events)).toEqual([expect.objectContaining({ requestId: request!.requestId, decision: 'allow', by: 'daemon' })]);
    }
    expect(await sessionCalls(client, port, id).info()).toMatchObject({ pendingApprovals: 0, status: 'idle' });
  });

  it('set_mode and set_model reach the running CLI at once: the next init shows them, the CLI behaves so, and it is the same process', async () => {
    const { port } = await world.start();
    const id = await client.createSession(port, world.env.workDir, 'ask');
    const calls = sessionCalls(client, port, id);
    const first = await collect(client.sendMessage(port, id, 'say: one'));
    expect(initOf(first)?.raw.permissionMode).toBe('default');
    const [cli] = worldClis(world.env);
    expect(await client.setMode(port, id, 'code')).toBe(true);
    expect(await client.setModel(port, id, 'claude-sonnet-4-5')).toBe(true);
    const second = await collect(client.sendMessage(port, id, 'write: live.txt | written in code mode'));
    expect(initOf(second)).toMatchObject({ model: 'claude-sonnet-4-5', raw: { permissionMode: 'acceptEdits' } });
    expect(permissions(second)).toEqual([]);
    expect(readFileSync(inWork('live.txt'), 'utf8')).toBe('written in code mode');
    expect(worldClis(world.env)).toEqual([cli]);
    expect(await client.setMode(port, id, 'ask')).toBe(true);
    const third = client.sendMessage(port, id, 'write: asked.txt | not yet');
    const { seen, request } = await untilPermission(third);
    expect(initOf(seen)?.raw.permissionMode).toBe('default');
    await calls.answer({ requestId: request.requestId, decision: 'deny' });
    await collect(third);
    expect(existsSync(inWork('asked.txt'))).toBe(false);
    expect(worldClis(world.env)).toEqual([cli]);
  });

  it('one process per message: a refused tool says once that approvals need the persistent CLI, and approvals are not announced', async () => {
    const { port } = await world.start({ args: ['--cli-mode', 'per-message'] });
    expect((await client.healthCheck(port)).capabilities).not.toContain('approvals');
    const id = await client.createSession(port, world.env.workDir, 'ask');
    const first = await collect(client.sendMessage(port, id, 'bash: touch refused.txt'));
    expect(notices(first)).toEqual([expect.objectContaining({ message: expect.stringContaining('Approvals from the app need the persistent Claude CLI') })]);
    expect(first.indexOf(notices(first)[0]!)).toBeLessThan(first.findIndex((event) => event.type === 'result'));
    expect(permissions(first)).toEqual([]);
    expect(existsSync(inWork('refused.txt'))).toBe(false);
    const second = await collect(client.sendMessage(port, id, 'bash: touch refused.txt'));
    expect(notices(second)).toEqual([]);
    expect(existsSync(inWork('refused.txt'))).toBe(false);
  });

  it('the persistent daemon announces approvals', async () => {
    const { port } = await world.start();
    expect((await client.healthCheck(port)).capabilities).toContain('approvals');
  });
});
