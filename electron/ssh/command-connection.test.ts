import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesMatching } from '../../daemon/testing/stream-helpers.js';
import { stillRunning } from '../../shared/node/process-tree.js';
import { openCommandConnection } from './command-connection.js';
import { masterPid } from './control-socket.js';
import { SYSTEM_SSH } from './ssh-command.js';
import { SshConnection } from './ssh-connection.js';
import { Opened, clientEndOf } from './testing/helpers.js';
import { startSshFixture, type SshFixture } from './testing/sshd.js';
import { openDaemonTunnel } from './tunnel.js';

let ssh: SshFixture;
const opened = new Opened();

beforeAll(async () => {
  ssh = await startSshFixture();
});
afterAll(async () => {
  await opened.stopAll();
  await ssh?.cleanup();
});

const target = () => ({ host: ssh.aliases.ok, configFile: ssh.configFile });
const controlDir = () => mkdtemp(path.join(ssh.root, 'cm-'));
const commandsTo = async (dir: string | undefined, host = ssh.aliases.ok) =>
  opened.add(await openCommandConnection({ target: { host, configFile: ssh.configFile }, tools: SYSTEM_SSH, controlDir: dir }));


describe('openCommandConnection over a real sshd', () => {
  it("reuses the master of the host's tunnel, and stopping it leaves the tunnel up", async () => {
    const dir = await controlDir();
    const tunnel = opened.add(await openDaemonTunnel({ target: target(), daemonPort: ssh.main.port, tools: SYSTEM_SSH, controlDir: dir }));
    const commands = await commandsTo(dir);
    expect(commands.multiplexed).toBe(true);
    expect(await clientEndOf(commands)).toBe(await clientEndOf(tunnel.connection));
    await commands.stop();
    expect(await masterPid(SYSTEM_SSH, target(), tunnel.connection.controlPath!)).toBe(tunnel.connection.pid);
  });

  it('falls back to logging in on its own when the master it reused dies', async () => {
    const dir = await controlDir();
    const tunnel = await openDaemonTunnel({ target: target(), daemonPort: ssh.main.port, tools: SYSTEM_SSH, controlDir: dir });
    const commands = await commandsTo(dir);
    const closed = new Promise((resolve) => tunnel.onClose(resolve));
    process.kill(tunnel.connection.pid!, 'SIGKILL');
    await closed;
    expect(await commands.exec('echo still-here')).toMatchObject({ code: 0, stdout: 'still-here\n' });
  });

  it('starts a master of its own when none is up, and stop() ends it', async () => {
    const commands = await commandsTo(await controlDir());
    expect(commands).toBeInstanceOf(SshConnection);
    expect(commands.multiplexed).toBe(true);
    expect(await clientEndOf(commands)).toBe(await clientEndOf(commands));
    const pid = (commands as SshConnection).pid!;
    await commands.stop();
    expect(stillRunning([pid])).toEqual([]);
  });

  it('logs in per command where it cannot multiplex (no control folder)', async () => {
    const commands = await commandsTo(undefined);
    expect(commands.multiplexed).toBe(false);
    expect(await commands.exec('cat', 'input on stdin')).toMatchObject({ code: 0, stdout: 'input on stdin' });
    expect(await clientEndOf(commands)).not.toBe(await clientEndOf(commands));
  });

  it.each([
    ['with a control folder', true],
    ['without one', false],
  ])('reports a refused login as an SshError when it opens, %s', async (_, withFolder) => {
    const dir = withFolder ? await controlDir() : undefined;
    await expect(commandsTo(dir, ssh.aliases.wrongKey)).rejects.toMatchObject({ name: 'SshError', kind: 'auth_failed' });
  });

  it('leaves no ssh process behind once its connections are stopped', async () => {
    await opened.stopAll();
    await expect.poll(() => processesMatching(ssh.configFile)).toEqual([]);
  });
});
