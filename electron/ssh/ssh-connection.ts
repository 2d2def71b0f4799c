/**
 * One SSH connection to a host: one ssh process that logs in and carries the local forwards it
 * was opened with (127.0.0.1:<free local port> to 127.0.0.1:<remote port> on the host). Where
 * the client can multiplex it is also the ControlMaster, so remote commands reuse its login;
 * where it cannot (Windows' OpenSSH), each command logs in on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { canConnect } from '../../shared/node/loopback.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { claimControlPath, clearControlSocket, multiplexingAvailable, releaseControlPath, type ControlMaster } from './control-socket.js';
import { freeLocalPort } from './free-port.js';
import { pollUntil } from './poll.js';
import { controlPathOption, runRemoteCommand, sshArgs, type CommandResult, type SshTools } from './ssh-command.js';
import { SshError, classifySshError, sshError } from './ssh-errors.js';
import { assertSafeTarget, describeTarget, type SshTarget } from './ssh-target.js';

export interface SshConnectionOptions {
  target: SshTarget;
  tools: SshTools;
  /** A private folder (0700) for control sockets; without one the connection is no master. */
  controlDir: string | undefined;
  /** Ports on the host's 127.0.0.1 to reach, each through a free port on this computer's 127.0.0.1. */
  forwardPorts?: readonly number[];
  clock?: Clock;
  connectTimeoutS?: number;
  serverAliveIntervalS?: number;
  serverAliveCountMax?: number;
}

export interface LocalForward {
  readonly localPort: number;
  readonly remotePort: number;
}

const OUTPUT_TAIL = 8_000;
/** Said by the session once the login shell has read its startup files. */
const SESSION_READY = 'switchyard-session-ready';
/**
 * The session's command: it says when it is past the login shell's startup files, then only
 * waits (about 68 years) and ends with the connection. Plain words every login shell runs.
 * The connection is up only once it said so: a hangup while a shell reads its startup files can
 * leave them half done (pyenv init leaves a lock that stalls every later command a minute).
 */
// Quoted apart, so a shell that echoes the command it refuses does not say the words.
export const HOLD_SESSION = `echo ${SESSION_READY.replace('-ready', "-''ready")}; exec sleep 2147483647`;
const POLL_INTERVAL_MS = 25;
const STOP_GRACE_MS = 2_000;
/** What ssh says when it logs in all the same without creating the socket (a foreign file, a full disk). */
const MULTIPLEXING_REFUSED = /disabling multiplexing/i;

export class SshConnection implements ControlMaster {
  private child: ChildProcess | undefined;
  private controlSocket: string | undefined;
  private output = '';
  private sessionOutput = '';
  /** The session is past the login shell's startup files. */
  private sessionReady = false;
  private up = false;
  private stopping = false;
  private exitError: SshError | undefined;
  /** Settles once ssh has ended and the end was handled (listeners told, control path released). */
  private ended: Promise<void> = Promise.resolve();
  private closeListeners: ((error: SshError | undefined) => void)[] = [];
  private readonly clock: Clock;

  private constructor(
    private readonly options: SshConnectionOptions,
    readonly forwards: readonly LocalForward[],
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Logs in; resolves once every forward listens (and, for a master, its control socket does),
   * or rejects with an SshError. Needs forwards, or a control folder where the client can multiplex.
   */
  static async open(options: SshConnectionOptions): Promise<SshConnection> {
    assertSafeTarget(options.target);
    const multiplex = await multiplexingAvailable(options.tools, options.controlDir);
    const remotePorts = options.forwardPorts ?? [];
    if (!multiplex && remotePorts.length === 0) throw new Error('An SSH connection without forwards is only of use as a master, and this one cannot be one.');
    // A port taken between choosing and binding makes ssh exit (ExitOnForwardFailure): try others.
    for (let attempt = 1; ; attempt++) {
      const localPorts = await Promise.all(remotePorts.map(() => freeLocalPort()));
      const connection = new SshConnection(options, remotePorts.map((remotePort, i) => ({ localPort: localPorts[i]!, remotePort })));
      try {
        await connection.start(multiplex);
        return connection;
      } catch (error) {
        if (!(error instanceof SshError) || error.kind !== 'forward_failed' || attempt >= 3) throw error;
      }
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether this connection is a master: commands run through it without logging in again. */
  get multiplexed(): boolean {
    return this.controlSocket !== undefined;
  }

  /** Its control socket, while it is a master. */
  get controlPath(): string | undefined {
    return this.controlSocket;
  }

  get ready(): boolean {
    return this.up && !this.stopping;
  }

  /** What ssh said lately (for telling "no daemon" from other failures). */
  recentOutput(): string {
    return this.output;
  }

  /** Called once if the connection dies after it was up (not after stop()), with the reason when there is one. */
  onClose(listener: (error: SshError | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  /** Runs a shell command on the host, through this connection where it is a master. */
  exec(command: string, input?: string | Buffer, timeoutMs = 60_000): Promise<CommandResult> {
    const { target, tools, connectTimeoutS } = this.options;
    return runRemoteCommand(tools, target, command, { controlPath: this.controlSocket, input, timeoutMs, clock: this.clock, connectTimeoutS });
  }

  /** SIGTERM, then SIGKILL if ssh has not exited within the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = this.clock.setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.ended;
    this.clock.clearTimeout(timer);
  }

  private async start(multiplex: boolean): Promise<void> {
    const { target, tools, controlDir } = this.options;
    if (multiplex) this.controlSocket = claimControlPath(controlDir!, target, this);
    try {
      if (this.controlSocket) await clearControlSocket(tools, target, this.controlSocket, this.clock);
      if (!this.controlSocket && this.forwards.length === 0) throw new Error(`The control folder ${controlDir} has too long a path for a control socket.`);
      await this.spawnAndWait();
    } catch (error) {
      this.releaseControlSocket();
      throw error;
    }
    if (MULTIPLEXING_REFUSED.test(this.output)) this.releaseControlSocket();
  }

  private releaseControlSocket(): void {
    if (this.controlSocket) releaseControlPath(this.controlSocket, this);
    this.controlSocket = undefined;
  }

  private args(): string[] {
    const { target, connectTimeoutS, serverAliveIntervalS, serverAliveCountMax } = this.options;
    const master = this.controlSocket
      ? ['-o', 'ControlMaster=yes', ...controlPathOption(this.controlSocket), '-o', 'ControlPersist=no']
      : ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
    const options = [
      // A terminal, not -N: OpenSSH sets TCP_NODELAY (on both ends) only for a session with one, and
      // without it each small write through a forward waits ~40 ms for the last one's delayed ACK.
      '-tt',
      // Agent and X11 forwarding stay off for a connection that lives as long as the host is connected.
      '-o', 'ForwardAgent=no',
      '-o', 'ForwardX11=no',
      '-o', 'ExitOnForwardFailure=yes',
      // "channel open failed" (no daemon on the far side) is logged at INFO; a user's config may say less.
      '-o', 'LogLevel=INFO',
      '-o', `ServerAliveInterval=${serverAliveIntervalS ?? 15}`,
      '-o', `ServerAliveCountMax=${serverAliveCountMax ?? 3}`,
      ...master,
      ...this.forwards.flatMap((forward) => ['-L', `127.0.0.1:${forward.localPort}:127.0.0.1:${forward.remotePort}`]),
    ];
    return sshArgs(target, options, HOLD_SESSION, connectTimeoutS);
  }

  private async spawnAndWait(): Promise<void> {
    const host = describeTarget(this.options.target);
    const child = spawn(this.options.tools.ssh, this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.output = (this.output + chunk).slice(-OUTPUT_TAIL);
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.sessionOutput = (this.sessionOutput + chunk).slice(-OUTPUT_TAIL);
      if (this.sessionOutput.includes(SESSION_READY)) this.sessionReady = true;
    });
    const exited = new Promise<SshError>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        resolve(error.code === 'ENOENT' ? sshError('ssh_missing', host) : sshError('unknown', host, error.message));
      });
      child.once('close', (code, signal) => {
        resolve(this.output.trim() ? classifySshError(this.output, host) : sshError('closed', host, signal ? `ssh was stopped by ${signal}` : `ssh exited with code ${code}`));
      });
    });
    this.ended = exited.then((error) => {
      this.exitError = error;
      this.releaseControlSocket();
      if (!this.up || this.stopping) return;
      this.up = false;
      for (const listener of this.closeListeners.splice(0)) listener(error);
    });

    const timeoutMs = ((this.options.connectTimeoutS ?? 10) + 10) * 1000;
    const listening = pollUntil(async () => this.exitError !== undefined || (await this.listening()), { timeoutMs, intervalMs: POLL_INTERVAL_MS, clock: this.clock });
    const outcome = await Promise.race([listening, exited.then(() => 'exited' as const)]);
    if (outcome === 'exited' || this.exitError) throw await exited;
    if (!outcome) {
      const loggedIn = !this.sessionReady && (await this.forwardsListen());
      child.kill('SIGKILL');
      if (loggedIn) {
        const said = this.sessionOutput.trim().split('\n').slice(-3).join(' ').trim();
        throw sshError('unknown', host, `logged in, but the login shell on the host did not finish its startup files within ${Math.round(timeoutMs / 1000)} s${said ? ` (it printed: ${said})` : ''}. Check the shell's startup files there (~/.bashrc, ~/.profile)`);
      }
      throw sshError('timeout', host, this.output);
    }
    this.up = true;
  }

  /** Up: the session is past the login shell's startup files, and the forwards (and the control socket) listen. */
  private async listening(): Promise<boolean> {
    return this.sessionReady && (await this.forwardsListen());
  }

  /** The forwards listen only once ssh has logged in, and the control socket appears after them. */
  private async forwardsListen(): Promise<boolean> {
    if (this.controlSocket && !existsSync(this.controlSocket) && !MULTIPLEXING_REFUSED.test(this.output)) return false;
    for (const forward of this.forwards) {
      if (!(await canConnect(forward.localPort))) return false;
    }
    return true;
  }
}
