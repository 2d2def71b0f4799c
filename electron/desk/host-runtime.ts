/**
 * One configured host at run time: its link (tunnel, health, reconnects), its latest health
 * and monitor data with the last hour as a series, and what the renderer is shown of it.
 */
import type { HostConfig, HostLinkView, HostView } from '../../shared/desk-api.js';
import type { HealthResult, MonitorResult } from '../../shared/protocol.js';
import type { DaemonClient } from '../client/index.js';
import { isOlderVersion } from '../ssh/bootstrap.js';
import type { SshTarget, SshTools } from '../ssh/ssh-command.js';
import { SshTunnel, type DaemonTunnel } from '../ssh/tunnel.js';
import { HealthSeries } from './health-series.js';
import { HostLink, type HostLinkOptions } from './host-link.js';
import type { LocalDaemon } from './local-daemon.js';

export interface HostRuntimeDeps {
  client: DaemonClient;
  sshTools: SshTools;
  /** A private ssh_config (tests, portable setups); the user's own when undefined. */
  sshConfigFile: string | undefined;
  controlDir: string;
  localDaemon: LocalDaemon;
  shippedVersion: string;
  linkSettings: Partial<Omit<HostLinkOptions, 'name' | 'openTunnel' | 'client'>>;
  onChange: (host: HostRuntime) => void;
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
  monitor: MonitorResult | null = null;

  constructor(
    public config: HostConfig,
    private readonly deps: HostRuntimeDeps,
  ) {
    this.link = new HostLink({
      name: config.name,
      client: deps.client,
      openTunnel: () => this.openTunnel(),
      ...deps.linkSettings,
    });
    this.link.onState(() => deps.onChange(this));
    this.link.onHealth((health) => void this.sampleHealth(health));
  }

  get id(): string {
    return this.config.id;
  }

  get sshTarget(): SshTarget | undefined {
    if (this.config.kind !== 'ssh' || !this.config.ssh) return undefined;
    const { host, user, port } = this.config.ssh;
    return { host, ...(user ? { user } : {}), ...(port ? { port } : {}), ...(this.deps.sshConfigFile ? { configFile: this.deps.sshConfigFile } : {}) };
  }

  view(): HostView {
    const health = this.link.health;
    const version = health?.version ?? null;
    return {
      ...this.config,
      link: linkView(this.link.state),
      daemonVersion: version,
      updateAvailable: this.config.kind === 'ssh' && health !== undefined && isOlderVersion(version ?? undefined, this.deps.shippedVersion),
      capabilities: health?.capabilities ?? [],
    };
  }

  /** A short-lived tunnel for running commands on the host (bootstrap), whatever the link's state. */
  openCommandTunnel(daemonPort = this.config.daemonPort): Promise<SshTunnel> {
    const target = this.sshTarget;
    if (!target) throw new Error(`${this.config.name} is not an SSH host`);
    // Shares the control folder: it reuses the link's master connection when there is one.
    return SshTunnel.open({ target, daemonPort, tools: this.deps.sshTools, controlDir: this.deps.controlDir });
  }

  private async openTunnel(): Promise<DaemonTunnel> {
    if (this.config.kind === 'local') return new DirectTunnel(await this.deps.localDaemon.start());
    const target = this.sshTarget!;
    return SshTunnel.open({ target, daemonPort: this.config.daemonPort, tools: this.deps.sshTools, controlDir: this.deps.controlDir });
  }

  private async sampleHealth(health: HealthResult): Promise<void> {
    const state = this.link.state;
    if (state.status === 'connected') {
      try {
        this.monitor = await this.deps.client.monitorSessions(state.localPort);
      } catch {
        this.monitor = null;
      }
    }
    this.deps.onHealth(this, health, this.monitor);
  }
}

function linkView(state: HostLink['state']): HostLinkView {
  switch (state.status) {
    case 'connected':
      return { status: 'connected' };
    case 'reconnecting':
      return { status: 'reconnecting', reason: state.reason, retryAt: Date.now() + Math.max(0, state.retryAt - performance.now()), attempt: state.attempt };
    case 'failed':
      return { status: 'failed', reason: state.reason, kind: state.kind, action: state.action };
    default:
      return { status: state.status };
  }
}
