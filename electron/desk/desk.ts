/**
 * The desk: the main-process backend behind desk-api. It owns the hosts (one HostRuntime
 * each), the sessions (one SessionRuntime each), their persistence, the embedded local daemon
 * and the push events; both transports (Electron IPC, browser mode) call into it.
 */
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DeskEvent, HostConfig, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import type { HealthResult, MonitorResult } from '../../shared/protocol.js';
import { DaemonClient } from '../client/index.js';
import { SYSTEM_SSH, type SshTools } from '../ssh/ssh-command.js';
import { HostRuntime } from './host-runtime.js';
import type { HostLinkOptions } from './host-link.js';
import { JsonFile } from './json-file.js';
import { LocalDaemon } from './local-daemon.js';
import { sessionName } from './names.js';
import { SessionRuntime, type SessionEntry } from './session-runtime.js';

export interface DeskOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  version: string;
  /** dist/daemon.mjs: run locally, and copied to hosts that have no daemon. */
  daemonBundle: string;
  /** The Claude CLI command of the embedded local daemon. */
  localClaudeCommand: string;
  localDaemonEnv?: NodeJS.ProcessEnv;
  sshTools?: SshTools;
  sshConfigFile?: string;
  linkSettings?: Partial<Omit<HostLinkOptions, 'name' | 'openTunnel' | 'client'>>;
  /** How long new transcript items wait to be sent as one batch. */
  flushMs?: number;
  log?: (message: string) => void;
}

export const LOCAL_HOST_ID = 'local';

/**
 * Control sockets need a short path (Unix sockets allow about 104 bytes, and OpenSSH adds a
 * 40-character hash and a temporary suffix): a private folder in /tmp, one per data folder.
 */
export function controlDirFor(dataDir: string): string {
  const base = process.platform === 'win32' ? os.tmpdir() : '/tmp';
  return path.join(base, `sy-${createHash('sha256').update(dataDir).digest('hex').slice(0, 10)}`);
}

export class Desk {
  readonly hosts = new Map<string, HostRuntime>();
  readonly sessions = new Map<string, SessionRuntime>();
  readonly client = new DaemonClient();
  readonly localDaemon: LocalDaemon;
  private readonly listeners = new Set<(event: DeskEvent) => void>();
  private readonly hostsFile: JsonFile<HostConfig[]>;
  private readonly indexFile: JsonFile<SessionEntry[]>;
  private readonly dirty = new Set<SessionRuntime>();
  private dirtyTimer: NodeJS.Timeout | undefined;
  private readonly syncedOnce = new Set<string>();
  private closed = false;

  private constructor(readonly options: DeskOptions) {
    this.hostsFile = new JsonFile(path.join(options.dataDir, 'hosts.json'));
    this.indexFile = new JsonFile(path.join(options.dataDir, 'sessions.json'), 250);
    this.localDaemon = new LocalDaemon({
      bundle: options.daemonBundle,
      dataDir: options.dataDir,
      claudeCommand: options.localClaudeCommand,
      ...(options.localDaemonEnv ? { env: options.localDaemonEnv } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  }

  /** Loads hosts and sessions from disk (shown at once) and starts connecting. */
  static async open(options: DeskOptions): Promise<Desk> {
    const desk = new Desk(options);
    let configs = await desk.hostsFile.read([]);
    if (configs.length === 0) {
      // The embedded default: a first run works on this computer, without SSH.
      configs = [{ id: LOCAL_HOST_ID, name: 'This computer', kind: 'local', daemonPort: 0 }];
      await desk.hostsFile.write(configs);
    }
    for (const entry of await desk.indexFile.read([])) desk.addSession(entry);
    for (const config of configs) desk.addHost(config).link.start();
    return desk;
  }

  onEvent(listener: (event: DeskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: DeskEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  host(hostId: string): HostRuntime {
    const host = this.hosts.get(hostId);
    if (!host) throw new Error(`No host with id "${hostId}"; it may have been removed.`);
    return host;
  }

  session(key: string): SessionRuntime {
    const session = this.sessions.get(key);
    if (!session) throw new Error(`No session "${key}"; it may have been destroyed.`);
    return session;
  }

  /** The daemon port of a session's host, once its link is up (within `waitMs`). */
  async portFor(hostId: string, waitMs = 15_000): Promise<number> {
    const host = this.host(hostId);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${host.config.name} is not connected (${host.link.state.status}); try again when it is.`)), waitMs);
    });
    try {
      return await Promise.race([host.link.whenConnected(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  addHost(config: HostConfig): HostRuntime {
    const host = new HostRuntime(config, {
      client: this.client,
      sshTools: this.options.sshTools ?? SYSTEM_SSH,
      sshConfigFile: this.options.sshConfigFile,
      controlDir: controlDirFor(this.options.dataDir),
      localDaemon: this.localDaemon,
      shippedVersion: this.options.version,
      linkSettings: this.options.linkSettings ?? {},
      onChange: (runtime) => {
        this.emit({ type: 'host.changed', host: runtime.view() });
        if (runtime.link.state.status === 'connected') void this.syncSessions(runtime);
      },
      onHealth: (runtime, health, monitor) => this.onHealth(runtime, health, monitor),
    });
    this.hosts.set(config.id, host);
    return host;
  }

  async saveHosts(): Promise<void> {
    await this.hostsFile.write([...this.hosts.values()].map((host) => host.config));
  }

  newHostId(): string {
    return randomUUID().slice(0, 8);
  }

  addSession(entry: SessionEntry): SessionRuntime {
    const runtime = new SessionRuntime(entry, {
      transcriptFile: (key) => path.join(this.options.dataDir, 'transcripts', `${key.replace(/[^\w.-]/g, '_')}.jsonl`),
      link: () => this.hosts.get(entry.hostId)?.link,
      client: this.client,
      flushMs: this.options.flushMs ?? 16,
      emitItems: (key, items) => this.emitItems(key, items),
      changed: (session) => this.markChanged(session),
    });
    this.sessions.set(entry.key, runtime);
    return runtime;
  }

  newSessionEntry(hostId: string, info: { sessionId: string; path: string; mode: SessionEntry['mode'] } & Partial<SessionEntry>): SessionEntry {
    const now = new Date().toISOString();
    const taken = new Set([...this.sessions.values()].map((s) => s.entry.name));
    return {
      key: `${hostId}/${info.sessionId}`,
      hostId,
      sessionId: info.sessionId,
      name: sessionName(taken),
      path: info.path,
      mode: info.mode,
      model: info.model ?? null,
      status: info.status ?? 'idle',
      sdkSessionId: info.sdkSessionId ?? null,
      createdAt: info.createdAt ?? now,
      lastActivityAt: info.lastActivityAt ?? now,
      unread: false,
      lastOutcome: null,
      lost: false,
      transcriptLength: 0,
    };
  }

  async removeSession(key: string): Promise<void> {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    this.dirty.delete(session);
    await session.close();
    await rm(path.join(this.options.dataDir, 'transcripts', `${key.replace(/[^\w.-]/g, '_')}.jsonl`), { force: true });
    await this.indexFile.write(this.entries());
    this.emit({ type: 'session.removed', key });
  }

  markChanged(session: SessionRuntime): void {
    this.dirty.add(session);
    this.dirtyTimer ??= setTimeout(() => {
      this.dirtyTimer = undefined;
      const changed = [...this.dirty];
      this.dirty.clear();
      for (const runtime of changed) this.emit({ type: 'session.changed', session: runtime.view() });
      void this.indexFile.write(this.entries());
    }, this.options.flushMs ?? 16);
  }

  sessionViews(): SessionView[] {
    return [...this.sessions.values()].map((session) => session.view());
  }

  /** Brings the board in line with a host's daemon: statuses, new sessions, forgotten ones. */
  async syncSessions(host: HostRuntime): Promise<void> {
    const state = host.link.state;
    if (state.status !== 'connected') return;
    let infos;
    try {
      infos = await this.client.listSessions(state.localPort);
    } catch {
      return;
    }
    const firstSync = !this.syncedOnce.has(host.id);
    this.syncedOnce.add(host.id);
    const known = new Map([...this.sessions.values()].filter((s) => s.entry.hostId === host.id).map((s) => [s.entry.sessionId, s]));
    for (const info of infos) {
      let runtime = known.get(info.sessionId);
      if (!runtime) {
        runtime = this.addSession(this.newSessionEntry(host.id, info));
        this.markChanged(runtime);
      }
      known.delete(info.sessionId);
      runtime.applyInfo(info);
      const queue = host.monitor?.sessions.find((s) => s.sessionId === info.sessionId)?.queue;
      if (queue && JSON.stringify(queue) !== JSON.stringify(runtime.queue)) {
        runtime.queue = queue;
        this.markChanged(runtime);
      }
      // After a restart of the app, or for a turn started elsewhere: catch up and follow.
      if (firstSync || info.status === 'busy') void runtime.follow();
    }
    for (const forgotten of known.values()) {
      if (!forgotten.entry.lost) {
        forgotten.entry.lost = true;
        this.markChanged(forgotten);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.dirtyTimer);
    await Promise.all([...this.hosts.values()].map((host) => host.link.stop()));
    await Promise.all([...this.sessions.values()].map((session) => session.close()));
    await this.indexFile.write(this.entries());
    await this.indexFile.flush();
    await this.client.close();
    await this.localDaemon.stop();
  }

  private entries(): SessionEntry[] {
    return [...this.sessions.values()].map((session) => session.entry);
  }

  private emitItems(key: string, items: TranscriptItem[]): void {
    this.emit({ type: 'session.items', key, items });
  }

  private onHealth(host: HostRuntime, health: HealthResult, monitor: MonitorResult | null): void {
    const sample = host.series.add(health, monitor, Date.now());
    this.emit({ type: 'health.sample', hostId: host.id, sample });
    this.emit({ type: 'host.changed', host: host.view() });
    void this.syncSessions(host);
  }
}
