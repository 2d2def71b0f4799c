/**
 * A short-lived connection for running commands on a host (installing the daemon), whatever
 * state the host's tunnel is in: it reuses a master of this process that is up for the host,
 * else starts a master of its own, else (a client that cannot multiplex) logs in per command.
 */
import { liveControlPath, multiplexingAvailable } from './control-socket.js';
import { runRemoteCommand, type CommandResult } from './ssh-command.js';
import { SshConnection, type SshConnectionOptions } from './ssh-connection.js';
import { classifySshError } from './ssh-errors.js';
import { assertSafeTarget, describeTarget } from './ssh-target.js';

export interface CommandConnection {
  /** Whether commands run through a master connection, without logging in again each time. */
  readonly multiplexed: boolean;
  /** Runs a shell command on the host. */
  exec(command: string, input?: string | Buffer, timeoutMs?: number): Promise<CommandResult>;
  /** Ends the master this connection started, if it started one; a reused master keeps running. */
  stop(): Promise<void>;
}

export type CommandConnectionOptions = Pick<SshConnectionOptions, 'target' | 'tools' | 'controlDir' | 'clock' | 'connectTimeoutS'>;

/** Commands through another master's socket, or each with a login of its own. */
class SeparateCommands implements CommandConnection {
  constructor(
    private readonly options: CommandConnectionOptions,
    private readonly controlPath: string | undefined,
  ) {}

  get multiplexed(): boolean {
    return this.controlPath !== undefined;
  }

  exec(command: string, input?: string | Buffer, timeoutMs = 60_000): Promise<CommandResult> {
    const { target, tools, clock, connectTimeoutS } = this.options;
    return runRemoteCommand(tools, target, command, { controlPath: this.controlPath, input, timeoutMs, clock, connectTimeoutS });
  }

  async stop(): Promise<void> {}
}

/** Opens a command connection; rejects with an SshError when the host cannot be logged in to. */
export async function openCommandConnection(options: CommandConnectionOptions): Promise<CommandConnection> {
  assertSafeTarget(options.target);
  const live = options.controlDir !== undefined ? liveControlPath(options.controlDir, options.target) : undefined;
  if (live) return new SeparateCommands(options, live);
  if (await multiplexingAvailable(options.tools, options.controlDir)) return SshConnection.open(options);
  const commands = new SeparateCommands(options, undefined);
  // Log in once now, so a refused login is an SshError here rather than a failed first command.
  const login = await commands.exec('exit 0');
  if (login.code !== 0) throw classifySshError(login.stderr, describeTarget(options.target));
  return commands;
}
