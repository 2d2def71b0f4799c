/**
 * Tests an SSH target before it is added, on a connection of its own that ends with the test:
 * the login (Connecting), the host key, the daemon on its port (installed on request when none
 * answers) and Claude there. Each step is reported as it changes; a failed step says what to
 * change, in the words of the existing SSH errors. Nothing is saved here.
 */
import { systemClock, type Clock } from '../../shared/clock.js';
import type { HostAction, HostTestStep, HostTestView } from '../../shared/desk-api.js';
import { DEFAULT_DAEMON_PORT, type ClaudeStatus, type HealthResult } from '../../shared/protocol.js';
import { DaemonClient } from '../client/index.js';
import { isOlderVersion, readDaemonToken, type BootstrapOptions } from '../ssh/bootstrap.js';
import { pollUntil } from '../ssh/poll.js';
import type { SshTools } from '../ssh/ssh-command.js';
import { SshError } from '../ssh/ssh-errors.js';
import { describeTarget, parseSshTarget, type ParsedSshTarget, type SshTarget } from '../ssh/ssh-target.js';
import { openDaemonTunnel, type SshDaemonTunnel } from '../ssh/tunnel.js';
import { DeskError } from './desk-error.js';
import { isUnauthorized } from './host-link.js';
import { installDaemonOver } from './host-install.js';

export interface HostTestParams {
  testId: string;
  target: string;
  daemonPort?: number | undefined;
  claudeCommand?: string | undefined;
  remoteDir?: string | undefined;
  /** Install the daemon when none answers on the port. */
  installDaemon?: boolean | undefined;
}

export interface HostTestDeps {
  tools: SshTools;
  sshConfigFile: string | undefined;
  controlDir: string;
  daemonBundle: string;
  shippedVersion: string;
  clock?: Clock;
}

/** What a finished test leaves for `hosts.add`: where its daemon answered, and the token it needs. */
export interface HostTestOutcome {
  view: HostTestView;
  ssh: ParsedSshTarget | undefined;
  daemonPort: number | undefined;
  daemonToken: string | undefined;
}

const LABELS: Record<HostTestStep['step'], string> = { connect: 'Connecting', 'host-key': 'Host key', daemon: 'Daemon', claude: 'Claude' };

type Probe = { health: HealthResult } | { problem: string; action: HostAction };

export class HostTest {
  private readonly steps: HostTestStep[] = (Object.keys(LABELS) as HostTestStep['step'][]).map((step) => ({ step, label: LABELS[step], state: 'pending' }));
  private readonly client: DaemonClient;
  private readonly clock: Clock;
  private tunnel: SshDaemonTunnel | undefined;
  private token: string | undefined;
  private daemonPort: number | undefined;
  private claude: ClaudeStatus | null = null;
  private done = false;
  private cancelled = false;

  constructor(
    private readonly params: HostTestParams,
    private readonly deps: HostTestDeps,
    private readonly onChange: (view: HostTestView) => void,
  ) {
    this.clock = deps.clock ?? systemClock;
    // A fresh daemon may still be probing Claude (up to 10 s per command) when the test asks it to probe again.
    this.client = new DaemonClient({ callTimeoutMs: 35_000, headers: (): Record<string, string> => (this.token ? { authorization: `Bearer ${this.token}` } : {}) });
  }

  view(): HostTestView {
    return {
      testId: this.params.testId,
      target: this.params.target.trim(),
      steps: this.steps.map((step) => ({ ...step })),
      done: this.done,
      passed: this.done && this.steps.every((step) => step.state === 'ok'),
      ...(this.daemonPort !== undefined ? { daemonPort: this.daemonPort } : {}),
      claude: this.claude,
    };
  }

  /** Runs every step it can; a failed step ends the test (later steps stay pending). */
  async run(): Promise<HostTestOutcome> {
    let ssh: ParsedSshTarget | undefined;
    try {
      ssh = parseSshTarget(this.params.target);
      await this.runSteps(ssh);
    } catch (error) {
      if (this.cancelled) throw new DeskError('failed', 'The connection test was stopped before it ended.');
      const running = this.steps.find((step) => step.state === 'running')?.step ?? 'connect';
      this.set(running, 'failed', error instanceof Error ? error.message : String(error), running === 'daemon' ? 'install-daemon' : 'retry');
    } finally {
      await this.closeTunnel();
      await this.client.close();
    }
    // Steps after a cancel only saw a closed connection: what they found is not an answer.
    if (this.cancelled) throw new DeskError('failed', 'The connection test was stopped before it ended.');
    this.done = true;
    const view = this.view();
    this.onChange(view);
    return { view, ssh, daemonPort: this.daemonPort, daemonToken: this.token };
  }

  /** Stops the test (the desk is closing, or its dialog closed): its connection ends now. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.closeTunnel();
  }

  private async runSteps(ssh: ParsedSshTarget): Promise<void> {
    const target: SshTarget = { ...ssh, ...(this.deps.sshConfigFile ? { configFile: this.deps.sshConfigFile } : {}) };
    const name = describeTarget(ssh);
    const port = this.params.daemonPort ?? DEFAULT_DAEMON_PORT;

    this.set('connect', 'running', `Logging in to ${name} over SSH…`);
    let tunnel: SshDaemonTunnel;
    try {
      tunnel = await this.open(target, port);
    } catch (error) {
      if (!(error instanceof SshError)) throw error;
      return this.loginFailed(error, name);
    }
    this.set('connect', 'ok', `Logged in to ${name}.`);
    this.set('host-key', 'ok', 'Verified against your known_hosts.');

    this.set('daemon', 'running', `Looking for Switchyard's daemon on ${name}, port ${port}…`);
    let probe = await this.probe(tunnel, name, port);
    if ('problem' in probe && probe.action === 'install-daemon' && this.params.installDaemon && !this.cancelled) {
      const installed = await installDaemonOver((command, input) => tunnel.connection.exec(command, input), {
        host: name,
        bundlePath: this.deps.daemonBundle,
        preferredPort: port,
        remoteDir: this.params.remoteDir,
        claudeCommand: this.params.claudeCommand,
        onProgress: (progress) => this.set('daemon', 'running', progress.message),
      });
      this.token = installed.token;
      if (installed.port !== port) {
        await this.closeTunnel();
        tunnel = await this.open(target, installed.port);
      }
      probe = await this.probe(tunnel, name, installed.port);
    }
    if ('problem' in probe) return this.set('daemon', 'failed', probe.problem, probe.action);
    const health = probe.health;
    this.daemonPort = tunnel.connection.forwards[0]!.remotePort;
    const version = health.version ?? 'of unknown version';
    const older = isOlderVersion(health.version, this.deps.shippedVersion) ? ` It is older than this app's (${this.deps.shippedVersion}): update it from the sidebar once the host is added.` : '';
    this.set('daemon', 'ok', `Daemon ${version} answers on port ${this.daemonPort}.${older}`);

    this.set('claude', 'running', `Asking the daemon about Claude on ${name}…`);
    this.claude = health.claude ?? null;
    this.claudeStep(name);
  }

  private async open(target: SshTarget, daemonPort: number): Promise<SshDaemonTunnel> {
    const tunnel = await openDaemonTunnel({ target, daemonPort, tools: this.deps.tools, controlDir: this.deps.controlDir, clock: this.clock });
    this.tunnel = tunnel;
    if (this.cancelled) await this.closeTunnel();
    return tunnel;
  }

  /** Which step a refused login belongs to: SSH checks the host key before it logs in. */
  private loginFailed(error: SshError, name: string): void {
    if (error.kind === 'host_key_unknown' || error.kind === 'host_key_changed') {
      this.set('connect', 'ok', `Reached ${name}; logging in waits for its host key.`);
      this.set('host-key', 'failed', error.message, error.kind === 'host_key_unknown' ? 'trust-host-key' : undefined);
      return;
    }
    if (error.kind === 'auth_failed') this.set('host-key', 'ok', 'Verified against your known_hosts.');
    this.set('connect', 'failed', error.message, error.kind === 'auth_failed' ? 'check-credentials' : 'retry');
  }

  /** Asks the daemon for its health (with a fresh look at Claude); says what is wrong when it cannot. */
  private async probe(tunnel: SshDaemonTunnel, name: string, port: number): Promise<Probe> {
    try {
      return { health: await this.client.healthCheck(tunnel.localPort, { refreshClaude: true }) };
    } catch (error) {
      if (isUnauthorized(error)) return this.withHostToken(tunnel, name, port);
      // ssh says why the forward found nothing; give its words a moment to arrive.
      const nothingListens = await pollUntil(() => /open failed: connect failed/.test(tunnel.recentOutput()), { timeoutMs: 1_000, intervalMs: 25, clock: this.clock });
      if (nothingListens) {
        return {
          problem: `Nothing listens on ${name}'s port ${port}: no daemon runs there yet. Install Switchyard's daemon there, or give the port of the daemon that runs.`,
          action: 'install-daemon',
        };
      }
      return { problem: `Something on ${name}'s port ${port} did not answer as a daemon: ${error instanceof Error ? error.message : String(error)}`, action: 'retry' };
    }
  }

  /** The daemon wants a token: Switchyard's installer leaves it on the host, readable by the user. */
  private async withHostToken(tunnel: SshDaemonTunnel, name: string, port: number): Promise<Probe> {
    const exec: BootstrapOptions['exec'] = (command, input) => tunnel.connection.exec(command, input);
    const token = await readDaemonToken(exec, this.params.remoteDir).catch(() => undefined);
    if (token) {
      this.token = token;
      try {
        return { health: await this.client.healthCheck(tunnel.localPort, { refreshClaude: true }) };
      } catch {
        this.token = undefined;
      }
    }
    return {
      problem: `The daemon on ${name}'s port ${port} asks for an access token this computer does not have, and none was found on the host. Install the daemon again to give it a new one.`,
      action: 'install-daemon',
    };
  }

  private claudeStep(name: string): void {
    const claude = this.claude;
    if (!claude) return this.set('claude', 'ok', "This daemon does not report Claude's state (an older daemon); a session will say if Claude cannot run.");
    if (!claude.found) return this.set('claude', 'failed', `Claude Code is not installed on ${name}${claude.error ? ` (${claude.error})` : ''}.`);
    if (claude.loggedIn === false) return this.set('claude', 'failed', `Claude is not logged in on ${name}.`);
    const how = [claude.authMethod, claude.apiProvider].filter(Boolean).join(', ');
    const login = claude.loggedIn ? `logged in${how ? ` (${how})` : ''}` : 'login not reported';
    this.set('claude', 'ok', `Claude ${claude.version ?? '(version not reported)'}, ${login}${claude.runningAsRoot ? '; the daemon runs as root' : ''}.`);
  }

  private set(step: HostTestStep['step'], state: HostTestStep['state'], detail?: string, action?: HostAction): void {
    const index = this.steps.findIndex((entry) => entry.step === step);
    this.steps[index] = { step, label: LABELS[step], state, ...(detail ? { detail } : {}), ...(action ? { action } : {}) };
    this.onChange(this.view());
  }

  private async closeTunnel(): Promise<void> {
    const tunnel = this.tunnel;
    this.tunnel = undefined;
    await tunnel?.stop();
  }
}
