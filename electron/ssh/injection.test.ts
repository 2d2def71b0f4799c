/**
 * No argument that reaches ssh or ssh-keyscan can become an option: targets that start with
 * "-" are refused before any program runs, and "--" ends the options of every invocation.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCommandConnection } from './command-connection.js';
import { scanHostKeys, trustHostKey } from './host-keys.js';
import { runRemoteCommand, type SshTools } from './ssh-command.js';
import { resolveHost } from './ssh-config.js';
import { SshConnection } from './ssh-connection.js';
import type { SshTarget } from './ssh-target.js';
import { Opened, recordingTools, type ToolCall } from './testing/helpers.js';
import { startSshFixture, type SshFixture } from './testing/sshd.js';
import { openDaemonTunnel } from './tunnel.js';

let ssh: SshFixture;
let tools: SshTools;
let calls: () => Promise<ToolCall[]>;
const opened = new Opened();

beforeAll(async () => {
  ssh = await startSshFixture();
  ({ tools, calls } = await recordingTools(await mkdtemp(path.join(ssh.root, 'tools-'))));
});
afterAll(async () => {
  await opened.stopAll();
  await ssh?.cleanup();
});

/** Every way a target reaches an OpenSSH program. */
function entryPoints(target: SshTarget, controlDir: string) {
  const location = { hostname: target.host, port: ssh.main.port, knownHostsFile: path.join(ssh.root, 'kh-injection') };
  return {
    'SshConnection.open': () => SshConnection.open({ target, tools, controlDir, forwardPorts: [ssh.main.port] }),
    openDaemonTunnel: () => openDaemonTunnel({ target, tools, controlDir, daemonPort: ssh.main.port }),
    'openCommandConnection (master)': () => openCommandConnection({ target, tools, controlDir }),
    'openCommandConnection (per command)': () => openCommandConnection({ target, tools, controlDir: undefined }),
    'exec (runRemoteCommand)': () => runRemoteCommand(tools, target, 'true'),
    'resolveHost (ssh -G)': () => resolveHost(tools, target),
    'scanHostKeys (ssh-keyscan)': () => scanHostKeys(tools, location),
    trustHostKey: () => trustHostKey(tools, location, 'SHA256:whatever'),
  };
}

describe('targets that ssh would read as options', () => {
  it.each([
    ['host', (command: string) => ({ host: `-oProxyCommand=${command}` })],
    ['user', (command: string) => ({ host: 'sy-test', user: `-oProxyCommand=${command}` })],
  ])('a %s like -oProxyCommand=touch <file> is refused at every entry point, before any program runs', async (role, make) => {
    const marker = path.join(ssh.root, `pwned-by-${role}`);
    const target = { ...make(`touch ${marker}`), configFile: ssh.configFile };
    const dir = await mkdtemp(path.join(ssh.root, 'cm-'));
    for (const [name, enter] of Object.entries(entryPoints(target, dir))) {
      if (role === 'user' && name.startsWith('scanHostKeys')) continue;
      if (role === 'user' && name === 'trustHostKey') continue;
      const error = await enter().then(
        () => new Error(`${name} accepted the target`),
        (e: unknown) => e,
      );
      expect(error, name).toMatchObject({ name: 'SshError', kind: 'invalid_target', retryable: false });
      expect((error as Error).message, name).toMatch(new RegExp(`The ${role} "-oProxyCommand=touch .*" starts with "-", which ssh would read as an option`));
    }
    expect(existsSync(marker)).toBe(false);
    expect(await calls()).toEqual([]);
  });
});

describe('"--" before the destination', () => {
  it('ends the options of every ssh and ssh-keyscan call', async () => {
    const target = { host: ssh.aliases.ok, configFile: ssh.configFile };
    const dir = await mkdtemp(path.join(ssh.root, 'cm-'));
    const master = await SshConnection.open({ target, tools, controlDir: dir, forwardPorts: [ssh.main.port] });
    await master.exec('true');
    const closed = new Promise((resolve) => master.onClose(resolve));
    process.kill(master.pid!, 'SIGKILL');
    await closed;
    // The next master finds the stale socket: ssh -O check.
    opened.add(await SshConnection.open({ target, tools, controlDir: dir }));
    await opened.add(await openCommandConnection({ target, tools, controlDir: undefined })).exec('true');
    const resolved = await resolveHost(tools, target);
    await scanHostKeys(tools, resolved);

    const recorded = await calls();
    const seen = new Set(recorded.map(({ program, args }) => `${program} ${args.find((arg) => ['-G', '-tt', '-O'].includes(arg)) ?? ''}`.trim()));
    expect([...seen].sort()).toEqual(['ssh', 'ssh -G', 'ssh -O', 'ssh -tt', 'ssh-keygen', 'ssh-keyscan']);
    for (const { program, args } of recorded) {
      if (program === 'ssh-keygen') continue;
      const end = args.indexOf('--');
      expect(end, args.join(' ')).toBeGreaterThan(0);
      expect(args.filter((arg) => arg === '--'), args.join(' ')).toHaveLength(1);
      const destination = args[end + 1];
      expect(['sy-test', 'switchyard-probe.invalid', '127.0.0.1'], args.join(' ')).toContain(destination);
      expect(args.length - end, args.join(' ')).toBeLessThanOrEqual(3);
    }
  });

  it('keeps a remote command that starts with "-" a command for the host, never an ssh option', async () => {
    const marker = path.join(ssh.root, 'pwned-by-command');
    const commands = opened.add(await openCommandConnection({ target: { host: ssh.aliases.ok, configFile: ssh.configFile }, tools, controlDir: undefined }));
    const result = await commands.exec(`-oProxyCommand=touch ${marker}`);
    expect(result.code).not.toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});
