/**
 * Starting sessions as a user does: the mode chosen is remembered for the host (also across a
 * restart of the desk), and a folder that does not exist is asked about, then created.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeTestEnv, type ClaudeTestEnv } from '../../daemon/testing/harness.js';
import type { HostView, SessionView } from '../../shared/desk-api.js';
import { DeskError } from './desk-error.js';
import { openTestDesk, type TestDesk } from './testing/test-desk.js';

let env: ClaudeTestEnv;
let opened: TestDesk;
let dataDir: string;

const open = async () => {
  opened = await openTestDesk(env, { dataDir, linkSettings: { healthIntervalMs: 500 } });
  await opened.desk.host('local').link.whenConnected(20_000);
};
const local = async () => (await opened.call<HostView[]>('hosts.list')).find((host) => host.id === 'local')!;

beforeAll(async () => {
  env = await claudeTestEnv();
  dataDir = path.join(env.root, 'app-data');
  await open();
});
afterAll(async () => {
  await opened?.desk.close();
  await env?.cleanup();
});

describe('a new session', () => {
  it('remembers the mode chosen for the host, also after the desk restarts', async () => {
    expect((await local()).lastMode).toBeUndefined();
    await opened.call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir, mode: 'plan' });
    expect((await local()).lastMode).toBe('plan');

    await opened.desk.close();
    await open();
    expect((await local()).lastMode).toBe('plan');

    await opened.call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir, mode: 'ask' });
    expect((await local()).lastMode).toBe('ask');
  });

  it('drops a remembered mode it does not know, and keeps the host', async () => {
    await opened.desk.close();
    const file = path.join(dataDir, 'hosts.json');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('"lastMode": "ask"');
    await writeFile(file, text.replace('"lastMode": "ask"', '"lastMode": "turbo"'));
    await open();
    const host = await local();
    expect(host).toMatchObject({ id: 'local', name: 'This computer' });
    expect(host.lastMode).toBeUndefined();
    expect(await opened.call('app.notices')).toEqual([]);
  });

  it('fails with folder_missing for a folder that does not exist, and creates it when asked, named after it', async () => {
    const folder = path.join(env.workDir, 'not-yet', 'api');
    const refused = await opened.call('sessions.create', { hostId: 'local', path: folder, mode: 'auto' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeskError);
    expect(refused).toMatchObject({ code: 'folder_missing', message: expect.stringContaining(`${folder} does not exist on This computer`) });
    await expect(stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });

    const session = await opened.call<SessionView>('sessions.create', { hostId: 'local', path: folder, mode: 'auto', createFolder: true });
    expect((await stat(folder)).isDirectory()).toBe(true);
    expect(session.name).toBe('api');

    // Still unique: a second session in the same folder gets a name of its own.
    const again = await opened.call<SessionView>('sessions.create', { hostId: 'local', path: folder, mode: 'auto' });
    expect(again.name).toBe('api-2');
  });
});
