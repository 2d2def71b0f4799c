/**
 * One configured host at run time: its link (tunnel, health, reconnects), its latest health
 * and monitor data with the last hour as a series, and what the renderer is shown of it.
 */
import type { HostConfig, HostLinkView, HostView } from '../../shared/desk-api.js';
import type { HealthResult, MonitorResult } from '../../shared/protocol.js';
import { DaemonClient } from '../client/index.js';
import { isOlderVersion, readDaemonToken } from '../ssh/bootstrap.js';
import type { SshTarget, SshTools } from '../ssh/ssh-command.js';
import { openCommandConnection, type CommandConnection } from '../ssh/command-connection.js';
import { openDaemonTunnel, type DaemonTunnel } from '../ssh/tunnel.js';
import { HealthSeries } from './health-series.js';
import { HostLink, type HostLinkOptions } from './host-link.js';
import type { LocalDaemon } from './local-daemon.js';

export interface HostRuntimeDeps {
  sshTools: SshTools;
  /** A private ssh_config (tests, portable setups); the user's own when undefined. */
  sshConfigFile: string | undefined;
  controlDir: string;
  localDaemon: LocalDaemon;
  shippedVersion: string;
  linkSettings: Partial<Omit<HostLinkOptions, 'name' | 'openTunnel' | 'client'>>;
  /** The daemon's DaemonClient options for this host (tests shorten its limits). */
  clientOptions?: ConstructorParameters<typeof DaemonClient>[0];
  /** The host changed: its link's state, or (`configChanged`) what is saved of it. */
  onChange: (host: HostRuntime, configChanged: boolean) => void;
  onHealth: (host: HostRuntime, health: HealthResult, monitor: MonitorResult | null) => void;
}

/** The local daemon needs no tunnel: its port is reached directly. */
class DirectTunnel implements DaemonTunnel {
  constructor(readonly localPort: number) {}
  onClose(): void {}
  recentOutput(): string {
    return '';
  }
  async stop(): Promise<void> {}
}

export class HostRuntime {
  readonly link: HostLink;
  readonly series = new HealthSeries();
  private latestMonitor: MonitorResult | null = null;
  private current: HostConfig;

  constructor(
    config: HostConfig,
    private readonly deps: HostRuntimeDeps,
  ) {
    this.current = config;
    this.link = new HostLink({
      name: config.name,
      // One client per host: its pools and its token are this host's.
      client: new DaemonClient({ ...deps.clientOptions, headers: () => this.authorization() }),
      openTunnel: () => this.openTunnel(),
      findToken: () => this.findToken(),
      ...deps.linkSettings,
    });
    this.link.onState(() => deps.onChange(this, false));
    this.link.onHealth((health) => void this.sampleHealth(health));
  }

  get id(): string {
    return this.current.id;
  }

  get config(): Readonly<HostConfig> {
    return this.current;
  }

  get monitor(): MonitorResult | null {
    return this.latestMonitor;
  }

  /** Changes the configuration; the desk saves it. Reconnects when the daemon's port changed. */
  async configure(change: Partial<Omit<HostConfig, 'id' | 'kind'>>): Promise<void> {
    const portChanged = change.daemonPort !== undefined && change.daemonPort !== this.current.daemonPort;
    this.current = { ...this.current, ...change };
    this.deps.onChange(this, true);
    if (portChanged) await this.reconnect();
  }

  /** Connects again from scratch (a daemon on a new port, or a reinstalled one). */
  async reconnect(): Promise<void> {
    await this.link.pause();
    this.link.resume();
  }

  /** The bearer token this host's daemon gets: the embedded daemon's, or the one saved for the host. */
  private authorization(): Record<string, string> {
    const token = this.current.kind === 'local' ? this.deps.localDaemon.token : this.current.daemonToken;
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  /** The daemon wants another token: read the one Switchyard's installer left on the host. */
  private async findToken(): Promise<boolean> {
    if (this.current.kind !== 'ssh') return false;
    const connection = await this.openCommandConnection();
    try {
      const token = await readDaemonToken((command, input) => connection.exec(command, input), this.current.remoteDir);
      if (!token || token === this.current.daemonToken) return false;
      await this.configure({ daemonToken: token });
      return true;
    } finally {
      await connection.stop();
    }
  }

  async close(): Promise<void> {
    await this.link.stop();
    await this.link.client.close();
  }

  get sshTarget(): SshTarget | undefined {
    if (this.config.kind !== 'ssh' || !this.config.ssh) return undefined;
    const { host, user, port } = this.config.ssh;
    return { host, ...(user ? { user } : {}), ...(port ? { port } : {}), ...(this.deps.sshConfigFile ? { configFile: this.deps.sshConfigFile } : {}) };
  }

  view(): HostView {
    const health = this.link.health;
    const version = health?.version ?? null;
    const { daemonToken: _secret, ...config } = this.current;
    return {
      ...config,
      link: linkView(this.link.state, this.link.clockNow),
      daemonVersion: version,
      updateAvailable: this.config.kind === 'ssh' && health !== undefined && isOlderVersion(version ?? undefined, this.deps.shippedVersion),
      capabilities: health?.capabilities ?? [],
      storage: health?.storage ?? null,
      models: health?.models ?? [],
      claude: health?.claude ?? null,
      commands: health?.commands ?? [],
    };
  }

  /** A short-lived connection for running commands on the host (bootstrap), whatever the link's state. */
  openCommandConnection(): Promise<CommandConnection> {
    const target = this.sshTarget;
    if (!target) throw new Error(`${this.config.name} is not an SSH host`);
    // Shares the control folder: it reuses the link's master connection when there is one.
    return openCommandConnection({ target, tools: this.deps.sshTools, controlDir: this.deps.controlDir });
  }

  private async openTunnel(): Promise<DaemonTunnel> {
    if (this.config.kind === 'local') return new DirectTunnel(await this.deps.localDaemon.start());
    const target = this.sshTarget!;
    return openDaemonTunnel({ target, daemonPort: this.config.daemonPort, tools: this.deps.sshTools, controlDir: this.deps.controlDir });
  }

  private async sampleHealth(health: HealthResult): Promise<void> {
    const state = this.link.state;
    if (state.status === 'connected') {
      try {
        this.latestMonitor = await this.link.client.monitorSessions(state.localPort);
      } catch {
        this.latestMonitor = null;
      }
    }
    this.deps.onHealth(this, health, this.latestMonitor);
  }
}

/** `retryAt` crosses to the window as wall-clock time; the link keeps it on its own clock. */
function linkView(state: HostLink['state'], clockNow: number): HostLinkView {
  switch (state.status) {
    case 'connected':
      return { status: 'connected' };
    case 'reconnecting':
      return { status: 'reconnecting', reason: state.reason, retryAt: Date.now() + Math.max(0, state.retryAt - clockNow), attempt: state.attempt };
    case 'failed':
      return { status: 'failed', reason: state.reason, kind: state.kind, action: state.action };
    default:
      return { status: state.status };
  }
}
