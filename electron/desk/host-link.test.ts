import { afterEach, describe, expect, it } from 'vitest';
import type { HealthResult } from '../../shared/protocol.js';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { DaemonConnectionError, type DaemonClient } from '../client/index.js';
import { SshError, sshError } from '../ssh/ssh-errors.js';
import type { DaemonTunnel } from '../ssh/tunnel.js';
import { ConcurrencyLimit } from '../../shared/concurrency-limit.js';
import { HOST_LINK_DEFAULTS, HostLink, type HostLinkState } from './host-link.js';

const health = { ok: true, sessions: 0, sessionsByStatus: {}, uptime: 1, memory: { rss: 1, heapUsed: 1, heapTotal: 1 }, pid: 1, capabilities: ['seq', 'attach'] } as HealthResult;

class FakeTunnel implements DaemonTunnel {
  private listeners: ((error: SshError | undefined) => void)[] = [];
  stopped = false;
  constructor(
    readonly localPort: number,
    private readonly output = '',
  ) {}
  onClose(listener: (error: SshError | undefined) => void) {
    this.listeners.push(listener);
  }
  recentOutput() {
    return this.output;
  }
  async stop() {
    this.stopped = true;
  }
  die(error = sshError('closed', 'devbox')) {
    for (const listener of this.listeners) listener(error);
  }
}

/** A scripted world: what the next tunnel attempt does and whether the daemon answers. */
function world() {
  const clock = new FakeClock();
  const attempts: number[] = [];
  let outcome: () => Promise<DaemonTunnel> = async () => new FakeTunnel(5000 + attempts.length);
  let daemonUp = true;
  const tunnels: FakeTunnel[] = [];
  const client = {
    healthCheck: async (port: number) => {
      if (!daemonUp) throw new DaemonConnectionError(port, 'health.check', 'reset', 'connection reset');
      return health;
    },
  } as unknown as DaemonClient;
  const states: HostLinkState[] = [];
  const link = new HostLink({
    name: 'devbox',
    client,
    clock,
    random: () => 0.5,
    openTunnel: async () => {
      attempts.push(clock.now());
      const tunnel = await outcome();
      if (tunnel instanceof FakeTunnel) tunnels.push(tunnel);
      return tunnel;
    },
  });
  link.onState((state) => states.push(state));
  return {
    clock,
    link,
    attempts,
    tunnels,
    states,
    failWith: (error: Error) => (outcome = async () => Promise.reject(error)),
    succeed: (output = '') => (outcome = async () => new FakeTunnel(5000 + attempts.length, output)),
    setDaemonUp: (up: boolean) => (daemonUp = up),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
let links: HostLink[] = [];
afterEach(async () => {
  await Promise.all(links.map((link) => link.stop()));
  links = [];
});

async function connected(w: ReturnType<typeof world>) {
  links.push(w.link);
  w.link.start();
  await expect.poll(() => w.link.state.status).toBe('connected');
}

describe('HostLink', () => {
  it('takes its periodic health checks through the limit its desk shares among hosts: one waits while the others run', async () => {
    const clock = new FakeClock();
    const limit = new ConcurrencyLimit(1);
    const answers: (() => void)[] = [];
    let checks = 0;
    const client = {
      healthCheck: async () => {
        checks++;
        // The first check of each link (while it connects) answers at once; later ones when told.
        if (checks > 2) await new Promise<void>((resolve) => answers.push(resolve));
        return health;
      },
    } as unknown as DaemonClient;
    const pair = [1, 2].map((n) => new HostLink({ name: `box ${n}`, client, clock, healthLimit: limit, openTunnel: async () => new FakeTunnel(6000 + n) }));
    links.push(...pair);
    for (const link of pair) link.start();
    await expect.poll(() => pair.every((link) => link.state.status === 'connected')).toBe(true);
    clock.advance(HOST_LINK_DEFAULTS.healthIntervalMs);
    await expect.poll(() => answers.length).toBe(1);
    await settle();
    expect(checks).toBe(3);
    expect(limit.active).toBe(1);
    answers.shift()!();
    await expect.poll(() => checks).toBe(4);
    answers.shift()!();
    await expect.poll(() => limit.active).toBe(0);
    expect(limit.peak).toBe(1);
  });

  it('connects, reports health and hands out the tunnel port', async () => {
    const w = world();
    await connected(w);
    expect(await w.link.whenConnected()).toBe(5001);
    expect(w.link.health).toEqual(health);
    expect([...w.link.capabilities()]).toEqual(['seq', 'attach']);
    expect(w.states.map((s) => s.status)).toEqual(['connecting', 'connected']);
  });

  it('hands out no port once stopped, even though it was connected', async () => {
    const w = world();
    await connected(w);
    await w.link.stop();
    await expect(w.link.whenConnected()).rejects.toThrow('devbox was removed');
  });

  it('reconnects after a drop with exponential backoff up to the cap (jitter held at its middle)', async () => {
    const w = world();
    await connected(w);
    w.failWith(sshError('connection_refused', 'devbox'));
    w.tunnels[0]!.die();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      await settle();
      const state = w.link.state;
      expect(state.status).toBe('reconnecting');
      if (state.status !== 'reconnecting') return;
      delays.push(state.retryAt - w.clock.now());
      w.clock.advance(state.retryAt - w.clock.now());
      await settle();
    }
    // 1, 2, 4, 8, 16, 30, 30 s, except where the ceiling of 6 attempts a minute held one back.
    expect(delays.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);
  });

  it('spreads retries with jitter within ±20%', async () => {
    const seen: number[] = [];
    for (const random of [0, 0.25, 0.999]) {
      const w = world();
      links.push(w.link);
      (w.link as unknown as { random: () => number }).random = () => random;
      w.failWith(sshError('timeout', 'devbox'));
      w.link.start();
      await expect.poll(() => w.link.state.status).toBe('reconnecting');
      const state = w.link.state as Extract<HostLinkState, { status: 'reconnecting' }>;
      seen.push(state.retryAt - w.clock.now());
    }
    expect(seen[0]).toBe(800);
    expect(seen[1]).toBe(900);
    expect(seen[2]).toBeGreaterThan(1190);
    expect(seen[2]).toBeLessThanOrEqual(1200);
  });

  it('never makes more than 6 SSH attempts in any minute', async () => {
    const w = world();
    links.push(w.link);
    w.failWith(sshError('connection_refused', 'devbox'));
    w.link.start();
    for (let step = 0; step < 200 && w.clock.now() < 10 * 60_000; step++) {
      await settle();
      const state = w.link.state;
      if (state.status === 'reconnecting') w.clock.advance(Math.max(1, state.retryAt - w.clock.now()));
    }
    expect(w.attempts.length).toBeGreaterThan(6);
    for (const start of w.attempts) {
      expect(w.attempts.filter((time) => time >= start && time < start + 60_000).length).toBeLessThanOrEqual(6);
    }
  });

  it('a pause stops every attempt and keeps the host; resume connects again', async () => {
    const w = world();
    await connected(w);
    await w.link.pause();
    expect(w.tunnels[0]!.stopped).toBe(true);
    expect(w.link.state).toEqual({ status: 'paused' });
    await expect(w.link.whenConnected()).rejects.toThrow('devbox is paused');
    const before = w.attempts.length;
    w.clock.advance(60 * 60_000);
    await settle();
    expect(w.attempts.length).toBe(before);
    w.link.resume();
    await expect.poll(() => w.link.state.status).toBe('connected');
    expect(w.attempts.length).toBe(before + 1);
  });

  it('stops at errors that retrying cannot fix, with the action to take', async () => {
    const w = world();
    links.push(w.link);
    w.failWith(sshError('host_key_unknown', 'devbox'));
    w.link.start();
    await expect.poll(() => w.link.state.status).toBe('failed');
    expect(w.link.state).toMatchObject({ kind: 'host_key_unknown', action: 'trust-host-key' });
    w.clock.advance(10 * 60_000);
    await settle();
    expect(w.attempts).toHaveLength(1);
  });

  it('says "no daemon" when the tunnel is up but nothing listens behind it', async () => {
    const w = world();
    links.push(w.link);
    w.succeed('channel 2: open failed: connect failed: Connection refused\n');
    w.setDaemonUp(false);
    w.link.start();
    await expect.poll(() => w.link.state.status).toBe('failed');
    expect(w.link.state).toMatchObject({ kind: 'no_daemon', action: 'install-daemon', reason: expect.stringContaining('No daemon is running on devbox') });
    expect(w.tunnels[0]!.stopped).toBe(true);
  });

  it('polls health and reconnects when the daemon stops answering', async () => {
    const w = world();
    await connected(w);
    w.setDaemonUp(false);
    w.clock.advance(5_000);
    await expect.poll(() => w.link.state.status).toBe('reconnecting');
    expect(w.tunnels[0]!.stopped).toBe(true);
    w.setDaemonUp(true);
    const state = w.link.state as Extract<HostLinkState, { status: 'reconnecting' }>;
    w.clock.advance(state.retryAt - w.clock.now());
    await expect.poll(() => w.link.state.status).toBe('connected');
  });

  it('keeps callers of whenConnected waiting through reconnects', async () => {
    const w = world();
    await connected(w);
    w.failWith(sshError('connection_refused', 'devbox'));
    w.tunnels[0]!.die();
    await settle();
    const port = w.link.whenConnected();
    w.succeed();
    w.clock.advance(1_000);
    expect(await port).toBe(5002);
  });
});
