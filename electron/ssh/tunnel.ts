/**
 * An SSH tunnel to a host's daemon: one ssh process that logs in and forwards
 * 127.0.0.1:<free local port> to 127.0.0.1:<daemon port> on the host. Where the client can
 * multiplex, that process is also the ControlMaster, so remote commands (bootstrap) reuse its
 * connection; where it cannot (Windows' OpenSSH), they open connections of their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { canConnect } from '../../shared/node/loopback.js';
import os from 'node:os';
import path from 'node:path';
import { baseSshArgs, describeTarget, runCommand, type CommandResult, type SshTarget, type SshTools } from './ssh-command.js';
import { SshError, classifySshError, sshError } from './ssh-errors.js';

export interface TunnelOptions {
  target: SshTarget;
  daemonPort: number;
  tools: SshTools;
  /** A private folder (0700) for control sockets; multiplexing is off without one. */
  controlDir: string | undefined;
  connectTimeoutS?: number;
  serverAliveIntervalS?: number;
  serverAliveCountMax?: number;
}

/** Anything that makes a daemon reachable on a local port: an SSH tunnel, or nothing at all. */
export interface DaemonTunnel {
  readonly localPort: number;
  /** Called once if the tunnel dies after it was up, with the reason when there is one. */
  onClose(listener: (error: SshError | undefined) => void): void;
  /** What the tunnel said lately (for telling "no daemon" from other failures). */
  recentOutput(): string;
  stop(): Promise<void>;
}

const MULTIPLEX_SUPPORT = new Map<string, Promise<boolean>>();

/**
 * Whether this ssh client can multiplex, found by asking it to check a control socket that
 * does not exist: a client that supports ControlMaster says it could not connect to the
 * socket; one that does not says so differently.
 */
export function probeMultiplexing(tools: SshTools): Promise<boolean> {
  let probe = MULTIPLEX_SUPPORT.get(tools.ssh);
  if (!probe) {
    const socket = path.join(os.tmpdir(), `switchyard-probe-${randomBytes(6).toString('hex')}`);
    probe = runCommand(tools.ssh, ['-O', 'check', '-o', `ControlPath=${socket}`, 'switchyard-probe.invalid'], { timeoutMs: 10_000 })
      .then((result) => /Control socket connect|No such file or directory/i.test(result.stderr))
      .catch(() => false);
    MULTIPLEX_SUPPORT.set(tools.ssh, probe);
  }
  return probe;
}

export async function freeLocalPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const OUTPUT_TAIL = 8_000;

export class SshTunnel implements DaemonTunnel {
  private child: ChildProcess | undefined;
  private output = '';
  private up = false;
  private stopping = false;
  private closeListeners: ((error: SshError | undefined) => void)[] = [];

  private constructor(
    private readonly options: TunnelOptions,
    readonly localPort: number,
    private readonly controlPath: string | undefined,
  ) {}

  /** Opens the tunnel; resolves once the local port forwards, or rejects with an SshError. */
  static async open(options: TunnelOptions): Promise<SshTunnel> {
    const multiplex = options.controlDir !== undefined && (await probeMultiplexing(options.tools));
    if (multiplex) mkdirSync(options.controlDir!, { recursive: true, mode: 0o700 });
    const controlPath = multiplex ? path.join(options.controlDir!, 'cm-%C') : undefined;
    // A port taken between choosing and binding makes ssh exit (ExitOnForwardFailure): try another.
    for (let attempt = 1; ; attempt++) {
      const tunnel = new SshTunnel(options, await freeLocalPort(), controlPath);
      try {
        await tunnel.start();
        return tunnel;
      } catch (error) {
        if (!(error instanceof SshError) || error.kind !== 'forward_failed' || attempt >= 3) throw error;
      }
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get multiplexed(): boolean {
    return this.controlPath !== undefined;
  }

  recentOutput(): string {
    return this.output;
  }

  onClose(listener: (error: SshError | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  /** Runs a command on the host, through the master connection where there is one. */
  exec(command: string, input?: string | Buffer, timeoutMs = 60_000): Promise<CommandResult> {
    const { target, tools } = this.options;
    const reuse = this.controlPath ? ['-o', 'ControlMaster=no', '-o', `ControlPath=${this.controlPath}`] : [];
    return runCommand(tools.ssh, [...baseSshArgs(target, this.options.connectTimeoutS), ...reuse, target.host, command], {
      ...(input !== undefined ? { input } : {}),
      timeoutMs,
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private start(): Promise<void> {
    const { target, daemonPort, tools } = this.options;
    const host = describeTarget(target);
    const args = [
      ...baseSshArgs(target, this.options.connectTimeoutS),
      '-N',
      '-o', 'ExitOnForwardFailure=yes',
      // "channel open failed" (no daemon on the far side) is logged at INFO; a user's config may say less.
      '-o', 'LogLevel=INFO',
      '-o', `ServerAliveInterval=${this.options.serverAliveIntervalS ?? 15}`,
      '-o', `ServerAliveCountMax=${this.options.serverAliveCountMax ?? 3}`,
      ...(this.controlPath
        ? ['-o', 'ControlMaster=yes', '-o', `ControlPath=${this.controlPath}`, '-o', 'ControlPersist=no']
        : ['-o', 'ControlMaster=no', '-o', 'ControlPath=none']),
      '-L', `127.0.0.1:${this.localPort}:127.0.0.1:${daemonPort}`,
      target.host,
    ];
    const child = spawn(tools.ssh, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.output = (this.output + chunk).slice(-OUTPUT_TAIL);
    });
    const exited = new Promise<SshError>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        resolve(error.code === 'ENOENT' ? sshError('ssh_missing', host) : sshError('unknown', host, error.message));
      });
      child.once('close', (code, signal) => {
        const error = this.output.trim() ? classifySshError(this.output, host) : sshError('closed', host, signal ? `ssh was stopped by ${signal}` : `ssh exited with code ${code}`);
        resolve(error);
      });
    });
    void exited.then((error) => {
      if (!this.up || this.stopping) return;
      this.up = false;
      for (const listener of this.closeListeners.splice(0)) listener(error);
    });

    const deadline = Date.now() + ((this.options.connectTimeoutS ?? 10) + 10) * 1000;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      void exited.then((error) => {
        if (!settled) {
          settled = true;
          reject(error);
        }
      });
      // The forward listens only once ssh has logged in: a connect that succeeds means "up".
      const poll = async () => {
        while (!settled) {
          if (await canConnect(this.localPort)) {
            settled = true;
            this.up = true;
            resolve();
            return;
          }
          if (Date.now() > deadline) {
            settled = true;
            child.kill('SIGKILL');
            reject(sshError('timeout', host, this.output));
            return;
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      void poll();
    });
  }
}
