/**
 * Real OpenSSH servers for tests: Debian's sshd on free loopback ports, each with its own
 * config, host key and authorized key in a temp folder, and a private ssh_config and
 * known_hosts for the client side, never the user's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processTree, signalTree } from '../../../shared/node/process-tree.js';
import { runCommand } from '../ssh-command.js';
import { freeLocalPort } from '../free-port.js';

const SSHD = '/usr/sbin/sshd';

async function keygen(file: string): Promise<string> {
  const result = await runCommand('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'switchyard-test', '-f', file]);
  if (result.code !== 0) throw new Error(`ssh-keygen failed: ${result.stderr}`);
  return (await readFile(`${file}.pub`, 'utf8')).trim();
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One sshd: its port and host key stay the same across stop() and start(). */
export class TestSshd {
  private child: ChildProcess | undefined;
  private log = '';

  /** The listening sshd's pid, while it runs. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly port: number,
    readonly hostKeyLine: string,
  ) {}

  static async create(root: string, name: string, authorizedKeys: string): Promise<TestSshd> {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    const hostKey = await keygen(path.join(dir, 'host_ed25519'));
    await writeFile(path.join(dir, 'authorized_keys'), `${authorizedKeys}\n`);
    const port = await freeLocalPort();
    await writeFile(
      path.join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(dir, 'host_ed25519')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        // Keys live under /tmp, whose permissions sshd's StrictModes would reject.
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin yes',
        'AllowTcpForwarding yes',
        'MaxStartups 100:30:200',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    const sshd = new TestSshd(name, dir, port, `[127.0.0.1]:${port} ${hostKey.split(' ').slice(0, 2).join(' ')}`);
    await sshd.start();
    return sshd;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    // sshd's privilege separation needs this folder; it exists on a configured system.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const child = spawn(SSHD, ['-D', '-e', '-f', path.join(this.dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.log = (this.log + chunk).slice(-20_000)));
    await waitForPort(this.port, child, () => this.log);
  }

  /** Stops the listener and every session it serves, as a host going down would. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalTree(processTree(child.pid), 'SIGKILL');
    await exited;
  }
}

export interface SshFixture {
  root: string;
  /** The private ssh_config to pass as -F. */
  configFile: string;
  knownHostsFile: string;
  main: TestSshd;
  jump: TestSshd;
  /** Aliases defined in configFile. */
  aliases: {
    ok: string;
    wrongKey: string;
    unknownHostKey: string;
    changedHostKey: string;
    viaJump: string;
  };
  unknownKnownHostsFile: string;
  cleanup(): Promise<void>;
}

export async function startSshFixture(): Promise<SshFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'switchyard-ssh-'));
  const clientKey = path.join(root, 'id_ed25519');
  const wrongKey = path.join(root, 'id_wrong');
  const authorized = await keygen(clientKey);
  await keygen(wrongKey);
  const main = await TestSshd.create(root, 'main', authorized);
  const jump = await TestSshd.create(root, 'jump', authorized);
  const otherHostKey = await keygen(path.join(root, 'impostor_host_key'));

  const knownHostsFile = path.join(root, 'known_hosts');
  const unknownKnownHostsFile = path.join(root, 'known_hosts_unknown');
  const changedKnownHostsFile = path.join(root, 'known_hosts_changed');
  await writeFile(knownHostsFile, `${main.hostKeyLine}\n${jump.hostKeyLine}\n`);
  await writeFile(unknownKnownHostsFile, `${jump.hostKeyLine}\n`);
  await writeFile(changedKnownHostsFile, `[127.0.0.1]:${main.port} ${otherHostKey.split(' ').slice(0, 2).join(' ')}\n`);

  const user = os.userInfo().username;
  const block = (alias: string, port: number, identity: string, knownHosts: string, extra: string[] = []) =>
    [
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${identity}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '  LogLevel ERROR',
      ...extra.map((line) => `  ${line}`),
      '',
    ].join('\n');
  const configFile = path.join(root, 'ssh_config');
  await writeFile(
    configFile,
    [
      block('sy-test', main.port, clientKey, knownHostsFile),
      block('sy-wrongkey', main.port, wrongKey, knownHostsFile),
      block('sy-unknown', main.port, clientKey, unknownKnownHostsFile),
      block('sy-changed', main.port, clientKey, changedKnownHostsFile),
      block('sy-jumphost', jump.port, clientKey, knownHostsFile),
      block('sy-via-jump', main.port, clientKey, knownHostsFile, ['ProxyJump sy-jumphost']),
    ].join('\n'),
  );
  return {
    root,
    configFile,
    knownHostsFile,
    unknownKnownHostsFile,
    main,
    jump,
    aliases: { ok: 'sy-test', wrongKey: 'sy-wrongkey', unknownHostKey: 'sy-unknown', changedHostKey: 'sy-changed', viaJump: 'sy-via-jump' },
    cleanup: async () => {
      await main.stop();
      await jump.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
