/**
 * The SSH side of a test world: the real OpenSSH fixture (aliases such as `sy-test` in a
 * private ssh_config), with sessions whose environment is the world's, so a daemon the app
 * installs over SSH runs the real CLI against the world's model server, and keeps its files
 * in the world's temp folder. Also the faults a spec can cause: dropped tunnels, a frozen sshd.
 */
import { readFileSync } from 'node:fs';
import { appendFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { startDaemon, type RunningDaemon } from '../daemon/testing/harness.js';
import { processesMatching } from '../daemon/testing/stream-helpers.js';
import { canConnect } from '../shared/node/loopback.js';
import { processTree } from '../shared/node/process-tree.js';
import { DEFAULT_DAEMON_PORT } from '../shared/protocol.js';
import { startSshFixture, type SshFixture } from '../electron/ssh/testing/sshd.js';
import { describeProcess, waitUntil } from './processes.js';
import { REPO_ROOT } from './desk-process.js';

/** What the CLI needs from the world's environment (model server, account-free settings). */
const CLI_ENV = /^(ANTHROPIC_|CLAUDE_CODE_|DISABLE_|IS_SANDBOX$)/;

export interface SshWorld {
  /** The private ssh_config the desk uses (SWITCHYARD_SSH_CONFIG). */
  readonly configFile: string;
  /** The alias of the working host: `sy-test`. */
  readonly alias: string;
  /** Other aliases of the fixture (wrong key, unknown or changed host key, via a jump host). */
  readonly aliases: SshFixture['aliases'];
  /** The remote user's home: the default install folder ~/.switchyard/daemon is under it. */
  readonly remoteHome: string;
  /** The environment of processes on the remote side. */
  readonly remoteEnv: NodeJS.ProcessEnv;
  /** Pids of the desk's SSH tunnels (`ssh -tt -L …` through this world's config). */
  tunnelPids(): number[];
  /** Kills the tunnels as a dropped connection would; throws if none is open. Returns their pids. */
  killTunnels(signal?: NodeJS.Signals): number[];
  /** Kills sshd's per-connection processes (the server side of every open connection); throws if none. Returns their pids. */
  dropConnections(): number[];
  /**
   * SIGSTOPs the sshd listener: new connections are accepted by the kernel but never answered.
   * With `connections`, open connections freeze too (their traffic stops, nothing closes).
   */
  freeze(options?: { connections?: boolean }): void;
  /** SIGCONTs whatever freeze() stopped. */
  unfreeze(): void;
  /**
   * A daemon already running "on the host" with the remote environment, as desk-ssh.test.ts
   * arranges: add the host with this daemonPort (or pass port 9100, the default, to have
   * `hosts.add` without a port find it).
   */
  startRemoteDaemon(options?: { port?: number }): Promise<RunningDaemon>;
  /** sshd's log, for failure reports. */
  log(): string;
  cleanup(): Promise<void>;
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // Gone.
    }
  }
}

/**
 * `root`: the world's temp folder; `worldEnv`: the desk's environment, whose CLI settings the
 * remote side gets too; `marker`: the variable that lets teardown find the remote processes.
 */
export async function startSshWorld(root: string, worldEnv: NodeJS.ProcessEnv, marker: { name: string; value: string }): Promise<SshWorld> {
  // The "remote" host is this machine: a UI-added host reaches 127.0.0.1:9100 here, and must
  // find our daemon there or nothing, never one left by something else.
  if (await canConnect(DEFAULT_DAEMON_PORT)) {
    throw new Error(
      `port ${DEFAULT_DAEMON_PORT} on 127.0.0.1 is in use, and the SSH world needs it free: a host added without a daemon port ` +
        `reaches 127.0.0.1:${DEFAULT_DAEMON_PORT} over SSH. Listening processes: ${processesMatching(`--port ${DEFAULT_DAEMON_PORT}`).map(describeProcess).join('; ') || 'unknown'}`,
    );
  }

  const remoteHome = path.join(root, 'remote-home');
  const remoteEnv: NodeJS.ProcessEnv = {
    HOME: remoteHome,
    // node for the installer's `command -v node`, `claude` for the installed daemon's default CLI command.
    PATH: [path.join(REPO_ROOT, 'node_modules', '.bin'), path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    CLAUDE_CONFIG_DIR: path.join(root, 'remote-claude-config'),
    TMPDIR: path.join(root, 'remote-tmp'),
    [marker.name]: marker.value,
  };
  for (const [key, value] of Object.entries(worldEnv)) if (CLI_ENV.test(key) && value !== undefined) remoteEnv[key] = value;
  await Promise.all([remoteHome, remoteEnv.CLAUDE_CONFIG_DIR!, remoteEnv.TMPDIR!].map((dir) => mkdir(dir, { recursive: true })));

  const fixture = await startSshFixture();
  const frozen = new Set<number>();
  const daemons: RunningDaemon[] = [];
  const pidFile = path.join(fixture.main.dir, 'sshd.pid');
  const readPid = () => {
    try {
      return Number(readFileSync(pidFile, 'utf8').trim()) || 0;
    } catch {
      return 0;
    }
  };
  try {
    // sshd gives sessions a fresh environment; SetEnv is how the server side sets one, and
    // it applies after the defaults (HOME and PATH included). The fixture's config has none.
    const pairs = Object.entries(remoteEnv).map(([key, value]) => {
      if (/[\s"'\\]/.test(value!)) throw new Error(`the remote environment cannot carry ${key}="${value}" through sshd's SetEnv: no spaces or quotes`);
      return `${key}=${value}`;
    });
    await appendFile(path.join(fixture.main.dir, 'sshd_config'), `SetEnv ${pairs.join(' ')}\n`);
    await fixture.main.stop();
    // The killed sshd left its pid file; the new one's is the listener to freeze.
    await rm(pidFile, { force: true });
    await fixture.main.start();
    const written = await waitUntil(() => readPid() > 0, 5_000);
    if (!written) throw new Error(`sshd wrote no pid file (${pidFile}); its log: ${fixture.main.output().slice(-2000)}`);
  } catch (error) {
    await fixture.cleanup();
    throw error;
  }

  const pidOfListener = readPid();
  const connectionPids = () => processTree(pidOfListener).slice(1).map((entry) => entry.pid);
  const tunnelPids = () =>
    processesMatching(fixture.configFile).filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.includes('-L');
      } catch {
        return false;
      }
    });

  return {
    configFile: fixture.configFile,
    alias: fixture.aliases.ok,
    aliases: fixture.aliases,
    remoteHome,
    remoteEnv,
    tunnelPids,
    killTunnels(name: NodeJS.Signals = 'SIGKILL') {
      const pids = tunnelPids();
      if (pids.length === 0) throw new Error(`no SSH tunnel through ${fixture.configFile} is open; is the host connected?`);
      signal(pids, name);
      return pids;
    },
    dropConnections() {
      const pids = connectionPids();
      if (pids.length === 0) throw new Error('no connection to the test sshd is open; is the host connected?');
      signal(pids, 'SIGKILL');
      return pids;
    },
    freeze(options = {}) {
      const pids = [pidOfListener, ...(options.connections ? connectionPids() : [])];
      signal(pids, 'SIGSTOP');
      for (const pid of pids) frozen.add(pid);
    },
    unfreeze() {
      signal([...frozen], 'SIGCONT');
      frozen.clear();
    },
    async startRemoteDaemon(options = {}) {
      const dataDir = path.join(remoteHome, `daemon-${daemons.length + 1}`);
      await mkdir(dataDir, { recursive: true });
      const daemon = await startDaemon({
        env: { ...worldEnv, ...remoteEnv },
        dataDir,
        args: options.port !== undefined ? ['--port', String(options.port)] : [],
      });
      daemons.push(daemon);
      return daemon;
    },
    log: () => fixture.main.output(),
    async cleanup() {
      signal([...frozen], 'SIGCONT');
      frozen.clear();
      await Promise.all(daemons.map(async (daemon) => {
        daemon.child.kill('SIGKILL');
        await waitUntil(() => daemon.child.exitCode !== null || daemon.child.signalCode !== null, 5_000);
      }));
      await fixture.cleanup();
    },
  };
}
