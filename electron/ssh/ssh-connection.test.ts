import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesMatching } from '../../daemon/testing/stream-helpers.js';
import { stillRunning } from '../../shared/node/process-tree.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { controlPathFor, masterPid, probeMultiplexing } from './control-socket.js';
import { freeLocalPort } from './free-port.js';
import { SYSTEM_SSH, controlPathOption, sshArgs } from './ssh-command.js';
import { HOLD_SESSION, SshConnection, type SshConnectionOptions } from './ssh-connection.js';
import { SshError } from './ssh-errors.js';
import type { SshTarget } from './ssh-target.js';
import { Opened, clientEndOf, settleOnFakeClock } from './testing/helpers.js';
import { startSshFixture, type SshFixture } from './testing/sshd.js';

const execFileAsync = promisify(execFile);
let ssh: SshFixture;
let target: SshTarget;
const opened = new Opened();

beforeAll(async () => {
  ssh = await startSshFixture();
  target = { host: ssh.aliases.ok, configFile: ssh.configFile };
});
afterAll(async () => {
  await opened.stopAll();
  await ssh?.cleanup();
});

/** A private control folder of its own for one test. */
const controlDir = () => mkdtemp(path.join(ssh.root, 'cm-'));

async function connect(options: Partial<SshConnectionOptions> & Pick<SshConnectionOptions, 'controlDir'>): Promise<SshConnection> {
  return opened.add(await SshConnection.open({ target, tools: SYSTEM_SSH, ...options }));
}

/** The session commands running under one sshd (the host is this machine), with their terminals. */
async function heldSessions(sshdPid: number): Promise<{ pid: number; tty: string }[]> {
  const { stdout } = await execFileAsync('ps', ['-eo', 'pid=,ppid=,tty=,args=']);
  const processes = stdout.split('\n').filter(Boolean).map((line) => {
    const [pid, ppid, tty, ...args] = line.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), tty: tty!, args: args.join(' ') };
  });
  const parentOf = new Map(processes.map((entry) => [entry.pid, entry.ppid]));
  const under = (pid: number): boolean => {
    for (let at = parentOf.get(pid); at !== undefined && at > 1; at = parentOf.get(at)) if (at === sshdPid) return true;
    return false;
  };
  return processes.filter((entry) => entry.args === HOLD_SESSION.split('exec ')[1] && under(entry.pid)).map(({ pid, tty }) => ({ pid, tty }));
}

/** The pid of the master answering on a control socket, or undefined when none does. */
const masterOf = (socket: string) => masterPid(SYSTEM_SSH, target, socket);

describe('SshConnection over a real sshd', () => {
  it('is the master: commands run over its one TCP connection, and ssh -O check answers with its pid', async () => {
    const connection = await connect({ controlDir: await controlDir() });
    expect(connection.multiplexed).toBe(true);
    expect(await masterOf(connection.controlPath!)).toBe(connection.pid);
    expect(await clientEndOf(connection)).toBe(await clientEndOf(connection));
    expect(await connection.exec('cat', 'through stdin')).toMatchObject({ code: 0, stdout: 'through stdin' });
  });

  it('holds a terminal session on the host for as long as it is up, so OpenSSH sends small writes at once', async () => {
    const before = await heldSessions(ssh.main.pid!);
    const connection = await connect({ controlDir: await controlDir(), forwardPorts: [ssh.main.port] });
    // The session starts just after the forwards listen.
    const added = async () => (await heldSessions(ssh.main.pid!)).filter((session) => !before.some((other) => other.pid === session.pid));
    await expect.poll(added, { timeout: 10_000, message: 'the session command runs on the host, in a terminal' }).toEqual([{ pid: expect.any(Number), tty: expect.stringMatching(/^pts\//) }]);
    const [held] = await added();
    await connection.stop();
    await expect.poll(async () => (await heldSessions(ssh.main.pid!)).some((session) => session.pid === held!.pid), { timeout: 10_000, message: 'the stopped connection leaves nothing running on the host' }).toBe(false);
  });

  it("connects, and runs commands, where the user's config gives the host a RemoteCommand", async () => {
    const config = path.join(ssh.root, 'remote-command-config');
    // The first value ssh reads wins: these lines come before the fixture's own.
    await writeFile(config, `Host ${ssh.aliases.ok}\n  RemoteCommand echo from-the-config\n\nInclude ${ssh.configFile}\n`);
    const connection = opened.add(await SshConnection.open({ target: { host: ssh.aliases.ok, configFile: config }, tools: SYSTEM_SSH, controlDir: undefined, forwardPorts: [ssh.main.port] }));
    expect(connection.ready).toBe(true);
    expect((await connection.exec('echo from-the-command')).stdout.trim()).toBe('from-the-command');
  });

  it('multiplexes again after a SIGKILLed master left its control socket behind', async () => {
    const dir = await controlDir();
    const first = await connect({ controlDir: dir });
    const socket = first.controlPath!;
    const closed = new Promise<SshError | undefined>((resolve) => first.onClose(resolve));
    process.kill(first.pid!, 'SIGKILL');
    expect(await closed).toBeInstanceOf(SshError);
    expect(existsSync(socket)).toBe(true);
    expect(await masterOf(socket)).toBeUndefined();

    const second = await connect({ controlDir: dir });
    expect(second.recentOutput()).not.toMatch(/already exists, disabling multiplexing/);
    expect(second.controlPath).toBe(socket);
    expect(await masterOf(socket)).toBe(second.pid);
  });

  it('asks a master from an earlier run that still answers on the socket to exit, then takes its place', async () => {
    const dir = await controlDir();
    const socket = controlPathFor(dir, target);
    const earlier = spawn('ssh', sshArgs(target, ['-N', '-o', 'ControlMaster=yes', ...controlPathOption(socket), '-o', 'ControlPersist=no']), { stdio: 'ignore' });
    const earlierExited = new Promise((resolve) => earlier.once('exit', resolve));
    try {
      await expect.poll(() => masterOf(socket), { timeout: 15_000 }).toBe(earlier.pid);
      const connection = await connect({ controlDir: dir });
      await earlierExited;
      expect(connection.controlPath).toBe(socket);
      expect(await masterOf(socket)).toBe(connection.pid);
    } finally {
      earlier.kill('SIGKILL');
    }
  });

  it('never asks a live master of this process to exit: a second connection to the same host gets a socket of its own', async () => {
    const dir = await controlDir();
    const [a, b] = [await connect({ controlDir: dir }), await connect({ controlDir: dir })];
    expect(b.controlPath).not.toBe(a.controlPath);
    expect(await masterOf(a.controlPath!)).toBe(a.pid);
    expect(await masterOf(b.controlPath!)).toBe(b.pid);
    await a.stop();
    const c = await connect({ controlDir: dir });
    expect(c.controlPath).toBe(controlPathFor(dir, target));
    expect(await masterOf(b.controlPath!)).toBe(b.pid);
  });

  it('is no master where the control folder is not private or its path is too long for a socket, and still forwards', async () => {
    const open = await mkdtemp(path.join(ssh.root, 'open-'));
    await chmod(open, 0o755);
    const long = path.join(ssh.root, 'd'.repeat(100));
    for (const dir of [open, long]) {
      const connection = await connect({ controlDir: dir, forwardPorts: [ssh.main.port] });
      expect(connection.multiplexed).toBe(false);
      expect(connection.forwards).toHaveLength(1);
      expect(await connection.exec('echo direct')).toMatchObject({ code: 0, stdout: 'direct\n' });
    }
    await expect(SshConnection.open({ target, tools: SYSTEM_SSH, controlDir: long })).rejects.toThrow(/has too long a path for a control socket/);
  });
});

describe('time on the injected clock', () => {
  it('gives up on a login that never completes once the deadline passes on the clock, and kills ssh', async () => {
    const pidFile = path.join(ssh.root, 'hanging-ssh.pid');
    const hanging = path.join(ssh.root, 'ssh-that-hangs');
    await writeFile(hanging, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 1000\n`, { mode: 0o755 });
    const clock = new FakeClock();
    const failure = SshConnection.open({
      target: { host: 'hangs.invalid' },
      tools: { ...SYSTEM_SSH, ssh: hanging },
      controlDir: undefined,
      forwardPorts: [await freeLocalPort()],
      connectTimeoutS: 5,
      clock,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await expect.poll(() => clock.pendingTimers).toBe(1);
    await expect.poll(() => existsSync(pidFile)).toBe(true);
    clock.advance(15_000);
    expect(await failure).toMatchObject({ kind: 'timeout', retryable: true });
    const pid = Number(await readFile(pidFile, 'utf8'));
    await expect.poll(() => stillRunning([pid])).toEqual([]);
  });

  it('stop() kills an ssh that ignores SIGTERM once the grace period has passed on the clock', async () => {
    const clock = new FakeClock();
    const connection = opened.add(await settleOnFakeClock(clock, SshConnection.open({ target, tools: SYSTEM_SSH, controlDir: await controlDir(), clock })));
    const pid = connection.pid!;
    // A stopped process keeps SIGTERM pending: only SIGKILL ends it.
    process.kill(pid, 'SIGSTOP');
    const timersBefore = clock.pendingTimers;
    let stopped = false;
    const stopping = connection.stop().then(() => (stopped = true));
    await expect.poll(() => clock.pendingTimers).toBe(timersBefore + 1);
    expect(stillRunning([pid])).toEqual([pid]);
    expect(stopped).toBe(false);
    clock.advance(2_000);
    await stopping;
    expect(stillRunning([pid])).toEqual([]);
  });
});

describe('multiplexing probe', () => {
  it('finds ControlMaster support in this OpenSSH, and none in a client that does not have it', async () => {
    expect(await probeMultiplexing(SYSTEM_SSH)).toBe(true);
    const fake = path.join(ssh.root, 'ssh-without-multiplexing');
    await writeFile(fake, '#!/bin/sh\necho "getsockname failed: Not a socket" >&2\nexit 255\n', { mode: 0o755 });
    expect(await probeMultiplexing({ ...SYSTEM_SSH, ssh: fake })).toBe(false);
  });
});

it('leaves no ssh process behind once its connections are stopped', async () => {
  await opened.stopAll();
  await expect.poll(() => processesMatching(ssh.configFile)).toEqual([]);
});
