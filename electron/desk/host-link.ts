/**
 * One link per host: owns its tunnel, the DaemonClient port, health polling and every
 * reconnect. Reconnects back off exponentially with jitter up to a cap, never exceed a ceiling
 * of SSH attempts per minute (firewalls rate-limit connection storms), and can be paused
 * without losing the host. Time and randomness are injected.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '../../shared/clock.js';
import type { ConcurrencyLimit } from '../../shared/concurrency-limit.js';
import type { HostAction } from '../../shared/desk-api.js';
import type { HealthResult } from '../../shared/protocol.js';
import { DaemonConnectionError, type DaemonClient } from '../client/index.js';
import { SshError, sshError, type SshErrorKind } from '../ssh/ssh-errors.js';
import type { DaemonTunnel } from '../ssh/tunnel.js';
import { DeskError } from './desk-error.js';

/** `retryAt` is on the link's clock. */
export type HostLinkState =
  | { status: 'connecting' }
  | { status: 'connected'; localPort: number }
  | { status: 'reconnecting'; reason: string; retryAt: number; attempt: number }
  | { status: 'paused' }
  | { status: 'failed'; reason: string; kind: SshErrorKind | 'unauthorized'; action: HostAction };

type LinkEvents = { state: [HostLinkState]; health: [HealthResult] };

/** How long a caller waits for a link that is connecting or reconnecting before giving up. */
export const CONNECT_WAIT_MS = 15_000;

export interface HostLinkOptions {
  /** The host's name, for messages. */
  name: string;
  openTunnel: () => Promise<DaemonTunnel>;
  client: DaemonClient;
  /** The daemon refused this desk's token: look for the right one; true when found (and now used). */
  findToken?: () => Promise<boolean>;
  clock?: Clock;
  random?: () => number;
  healthIntervalMs?: number;
  /** Shared by every host of a desk: how many periodic health checks run at once. */
  healthLimit?: ConcurrencyLimit;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Spread of each delay, as a fraction (0.2: ±20%). */
  jitter?: number;
  maxAttemptsPerMinute?: number;
}

export const HOST_LINK_DEFAULTS = {
  healthIntervalMs: 5_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  jitter: 0.2,
  maxAttemptsPerMinute: 6,
} as const;

const MINUTE = 60_000;

const ACTIONS: Partial<Record<SshErrorKind, HostAction>> = {
  no_daemon: 'install-daemon',
  host_key_unknown: 'trust-host-key',
  auth_failed: 'check-credentials',
};

export class HostLink {
  private current: HostLinkState = { status: 'connecting' };
  private tunnel: DaemonTunnel | undefined;
  private lastHealth: HealthResult | undefined;
  private attemptTimes: number[] = [];
  private failures = 0;
  private generation = 0;
  private retryTimer: TimerHandle | undefined;
  private healthTimer: TimerHandle | undefined;
  private stopped = false;
  /** Once a daemon answered, "nothing listens" means it is restarting, which waiting fixes. */
  private everConnected = false;
  private readonly events = new EventEmitter<LinkEvents>();
  private waiters: { resolve: (port: number) => void; reject: (error: Error) => void }[] = [];
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly settings: Required<Omit<HostLinkOptions, 'name' | 'openTunnel' | 'client' | 'clock' | 'random' | 'findToken' | 'healthLimit'>>;

  constructor(private readonly options: HostLinkOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.settings = {
      healthIntervalMs: options.healthIntervalMs ?? HOST_LINK_DEFAULTS.healthIntervalMs,
      backoffBaseMs: options.backoffBaseMs ?? HOST_LINK_DEFAULTS.backoffBaseMs,
      backoffMaxMs: options.backoffMaxMs ?? HOST_LINK_DEFAULTS.backoffMaxMs,
      jitter: options.jitter ?? HOST_LINK_DEFAULTS.jitter,
      maxAttemptsPerMinute: options.maxAttemptsPerMinute ?? HOST_LINK_DEFAULTS.maxAttemptsPerMinute,
    };
  }

  get state(): HostLinkState {
    return this.current;
  }

  get health(): HealthResult | undefined {
    return this.lastHealth;
  }

  get client(): DaemonClient {
    return this.options.client;
  }

  get clockNow(): number {
    return this.clock.now();
  }

  /** What the daemon announced; empty for a daemon that speaks only Part 1. */
  capabilities(): ReadonlySet<string> {
    return new Set(this.lastHealth?.capabilities ?? []);
  }

  onState(listener: (state: HostLinkState) => void): () => void {
    this.events.on('state', listener);
    return () => this.events.off('state', listener);
  }

  onHealth(listener: (health: HealthResult) => void): () => void {
    this.events.on('health', listener);
    return () => this.events.off('health', listener);
  }

  start(): void {
    void this.connect();
  }

  /** Stops every attempt and closes the tunnel; the host and its sessions stay. */
  async pause(): Promise<void> {
    this.generation++;
    this.clearTimers();
    this.setState({ status: 'paused' });
    this.rejectWaiters(this.unavailable());
    await this.closeTunnel();
  }

  /** Connects now, from paused, failed or waiting to retry. */
  resume(): void {
    if (this.stopped || this.current.status === 'connected' || this.current.status === 'connecting') return;
    this.generation++;
    this.clearTimers();
    this.failures = 0;
    void this.connect();
  }

  /**
   * The local port once connected. Rejects (DeskError `not_connected`) at once when the link is
   * paused, failed or stopped, and when it is not connected within `waitMs`.
   */
  whenConnected(waitMs = CONNECT_WAIT_MS): Promise<number> {
    // A stopped link may still look connected; nothing may use it any more.
    if (this.stopped || this.current.status === 'paused' || this.current.status === 'failed') return Promise.reject(this.unavailable());
    if (this.current.status === 'connected') return Promise.resolve(this.current.localPort);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (port: number) => {
          this.clock.clearTimeout(timer);
          resolve(port);
        },
        reject: (error: Error) => {
          this.clock.clearTimeout(timer);
          reject(error);
        },
      };
      // Recoveries wait without a limit (Infinity); a caller's action waits a bounded time.
      const timer = Number.isFinite(waitMs)
        ? this.clock.setTimeout(() => {
            this.waiters = this.waiters.filter((other) => other !== waiter);
            const why = this.current.status === 'reconnecting' ? `: ${this.current.reason}` : '';
            reject(new DeskError('not_connected', `${this.options.name} did not connect within ${Math.round(waitMs / 1000)} s${why}. Try again once it shows Connected.`));
          }, waitMs)
        : undefined;
      this.waiters.push(waiter);
    });
  }

  /** A stream through this link broke: check now rather than at the next health poll. */
  reportBroken(): void {
    if (this.current.status !== 'connected') return;
    this.clock.clearTimeout(this.healthTimer);
    void this.checkHealth(this.generation);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    this.clearTimers();
    this.rejectWaiters(this.unavailable());
    await this.closeTunnel();
  }

  private unavailable(): DeskError {
    if (this.stopped) return new DeskError('not_connected', `${this.options.name} was removed.`);
    if (this.current.status === 'failed') return new DeskError('not_connected', `${this.options.name} is not connected: ${this.current.reason}`);
    return new DeskError('not_connected', `${this.options.name} is paused; resume it to send.`);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    const now = this.clock.now();
    this.attemptTimes = this.attemptTimes.filter((time) => now - time < MINUTE);
    if (this.attemptTimes.length >= this.settings.maxAttemptsPerMinute) {
      const retryAt = this.attemptTimes[0]! + MINUTE;
      const previous = this.current.status === 'reconnecting' ? `${this.current.reason} ` : '';
      this.setState({
        status: 'reconnecting',
        reason: `${previous}(waiting: at most ${this.settings.maxAttemptsPerMinute} SSH connection attempts a minute)`.trim(),
        retryAt,
        attempt: this.failures,
      });
      this.retryTimer = this.clock.setTimeout(() => void this.connect(), retryAt - now);
      return;
    }
    this.attemptTimes.push(now);
    if (this.current.status !== 'reconnecting') this.setState({ status: 'connecting' });

    let tunnel: DaemonTunnel;
    try {
      tunnel = await this.options.openTunnel();
    } catch (error) {
      if (generation === this.generation) this.fail(error);
      return;
    }
    if (generation !== this.generation) {
      await tunnel.stop();
      return;
    }
    this.tunnel = tunnel;
    tunnel.onClose((error) => {
      if (this.tunnel !== tunnel || generation !== this.generation) return;
      this.tunnel = undefined;
      this.clock.clearTimeout(this.healthTimer);
      this.fail(error ?? sshError('closed', this.options.name));
    });
    try {
      const health = await this.options.client.healthCheck(tunnel.localPort);
      if (generation !== this.generation) return;
      this.lastHealth = health;
      this.events.emit('health', health);
    } catch (error) {
      if (generation !== this.generation) return;
      const noDaemon = /open failed: connect failed/.test(tunnel.recentOutput()) && !this.everConnected;
      this.tunnel = undefined;
      await tunnel.stop();
      if (isUnauthorized(error)) return this.unauthorized(generation);
      this.fail(noDaemon ? sshError('no_daemon', this.options.name) : error);
      return;
    }
    this.failures = 0;
    this.everConnected = true;
    this.setState({ status: 'connected', localPort: tunnel.localPort });
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) waiter.resolve(tunnel.localPort);
    this.scheduleHealth(generation);
  }

  private scheduleHealth(generation: number): void {
    this.clock.clearTimeout(this.healthTimer);
    this.healthTimer = this.clock.setTimeout(() => void this.checkHealth(generation), this.settings.healthIntervalMs);
  }

  /** Asks the daemon to check Claude on its host again now ("Check again"); the fresh health goes out as usual. */
  async checkClaudeNow(): Promise<void> {
    const tunnel = this.tunnel;
    if (!tunnel) throw this.unavailable();
    const generation = this.generation;
    const health = await this.options.client.healthCheck(tunnel.localPort, { refreshClaude: true });
    if (generation !== this.generation) return;
    this.lastHealth = health;
    this.events.emit('health', health);
  }

  private async checkHealth(generation: number): Promise<void> {
    const tunnel = this.tunnel;
    if (!tunnel || generation !== this.generation) return;
    try {
      // Asked when its turn comes: a link that reconnected or stopped meanwhile gives up its place.
      const check = async () => (generation === this.generation && this.tunnel === tunnel ? this.options.client.healthCheck(tunnel.localPort) : undefined);
      const health = await (this.options.healthLimit ? this.options.healthLimit.run(check) : check());
      if (generation !== this.generation || !health) return;
      this.lastHealth = health;
      this.events.emit('health', health);
      this.scheduleHealth(generation);
    } catch (error) {
      if (generation !== this.generation || this.tunnel !== tunnel) return;
      this.tunnel = undefined;
      await tunnel.stop();
      if (isUnauthorized(error)) return this.unauthorized(generation);
      this.fail(error);
    }
  }

  /**
   * The daemon wants a token this desk does not have (a daemon installed from elsewhere, a
   * desk whose data was reset): the host may find it again; otherwise the user must reinstall.
   */
  private async unauthorized(generation: number): Promise<void> {
    const found = (await this.options.findToken?.().catch(() => false)) ?? false;
    if (generation !== this.generation || this.stopped) return;
    if (found) return void this.connect();
    this.setState({
      status: 'failed',
      kind: 'unauthorized',
      action: 'install-daemon',
      reason: `${this.options.name}'s daemon asks for an access token this computer does not have. Install the daemon again to give it a new one.`,
    });
    this.rejectWaiters(this.unavailable());
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    if (error instanceof SshError && !error.retryable) {
      this.setState({ status: 'failed', reason: error.message, kind: error.kind, action: ACTIONS[error.kind] ?? 'retry' });
      this.rejectWaiters(this.unavailable());
      return;
    }
    const reason =
      error instanceof SshError
        ? error.message
        : `${this.options.name}'s daemon is not answering: ${error instanceof Error ? error.message : String(error)}`;
    const exponential = Math.min(this.settings.backoffMaxMs, this.settings.backoffBaseMs * 2 ** this.failures);
    const delay = Math.round(exponential * (1 + this.settings.jitter * (2 * this.random() - 1)));
    this.failures++;
    const retryAt = this.clock.now() + delay;
    this.setState({ status: 'reconnecting', reason, retryAt, attempt: this.failures });
    this.retryTimer = this.clock.setTimeout(() => void this.connect(), delay);
  }

  private setState(state: HostLinkState): void {
    this.current = state;
    this.events.emit('state', state);
  }

  private rejectWaiters(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  private clearTimers(): void {
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.healthTimer);
    this.retryTimer = undefined;
    this.healthTimer = undefined;
  }

  private async closeTunnel(): Promise<void> {
    const tunnel = this.tunnel;
    this.tunnel = undefined;
    await tunnel?.stop();
  }
}

/** The daemon answered 401: it wants a token this desk did not send (or not that one). */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof DaemonConnectionError && error.status === 401;
}
