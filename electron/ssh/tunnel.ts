/**
 * A tunnel to a host's daemon: an SSH connection carrying one local forward, 127.0.0.1:<free
 * local port> to 127.0.0.1:<daemon port> on the host. The desk sees only `DaemonTunnel`.
 */
import { SshConnection, type SshConnectionOptions } from './ssh-connection.js';
import type { SshError } from './ssh-errors.js';

export { freeLocalPort } from './free-port.js';
export { probeMultiplexing } from './control-socket.js';

/** Anything that makes a daemon reachable on a local port: an SSH tunnel, or nothing at all. */
export interface DaemonTunnel {
  readonly localPort: number;
  /** Called once if the tunnel dies after it was up, with the reason when there is one. */
  onClose(listener: (error: SshError | undefined) => void): void;
  /** What the tunnel said lately (for telling "no daemon" from other failures). */
  recentOutput(): string;
  stop(): Promise<void>;
}

export interface DaemonTunnelOptions extends Omit<SshConnectionOptions, 'forwardPorts'> {
  /** The daemon's port on the host's 127.0.0.1. */
  daemonPort: number;
}

export class SshDaemonTunnel implements DaemonTunnel {
  constructor(
    /** The connection that carries the forward: its ssh process, and commands through its master. */
    readonly connection: SshConnection,
    readonly localPort: number,
  ) {}

  onClose(listener: (error: SshError | undefined) => void): void {
    this.connection.onClose(listener);
  }

  recentOutput(): string {
    return this.connection.recentOutput();
  }

  stop(): Promise<void> {
    return this.connection.stop();
  }
}

/** Opens the tunnel; resolves once the local port forwards, or rejects with an SshError. */
export async function openDaemonTunnel(options: DaemonTunnelOptions): Promise<SshDaemonTunnel> {
  const { daemonPort, ...connectionOptions } = options;
  const connection = await SshConnection.open({ ...connectionOptions, forwardPorts: [daemonPort] });
  return new SshDaemonTunnel(connection, connection.forwards[0]!.localPort);
}
