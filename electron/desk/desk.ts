/**
 * The desk: the main-process backend behind desk-api. It owns the set of hosts (one
 * HostRuntime each) and of sessions (one SessionRuntime each), their files, the embedded local
 * daemon, and the windows' event streams (one DeskChannel each). Hosts and sessions own their
 * own state; when it changes they tell the desk, which notifies the windows and saves.
 */
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../../shared/clock.js';
import { ConcurrencyLimit } from '../../shared/concurrency-limit.js';
import { SummaryPacer } from './summary-pacer.js';
import { WindowChannels } from './window-channels.js';
import { acquireFolderLock, FolderLockedError, type FolderLock } from '../../shared/node/folder-lock.js';
import type { DeskEvent, HealthNow, Notice } from '../../shared/desk-api.js';
import { RpcErrorCode, type HealthResult, type Mode, type MonitorResult } from '../../shared/protocol.js';
import { HOSTS_FORMAT, HostConfig, SESSIONS_FORMAT, SessionRecord } from '../../shared/records.js';
import { DaemonError } from '../client/index.js';
import { SYSTEM_SSH, type SshTools } from '../ssh/ssh-command.js';
import { DeskChannel, type ChannelSink } from './desk-channel.js';
import { DeskError } from './desk-error.js';
import { HostRuntime } from './host-runtime.js';
import type { HostLinkOptions } from './host-link.js';
import { HostTests } from './host-tests.js';
import { KeptNotices } from './kept-notices.js';
import { LocalDaemon } from './local-daemon.js';
import { RecordFile } from './record-file.js';
import { SessionRuntime } from './session-runtime.js';
import { newSessionRecord, syncHostSessions } from './session-sync.js';

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
  /** How long new transcript items wait to cross to a window as one batch. */
  flushMs?: number;
  /** The least time between two board summaries of one session. */
  summaryMs?: number;
  /** Wait before a failed save (a full disk) is tried again. */
  saveRetryMs?: number;
  clock?: Clock;
  log?: (message: string) => void;
}

export const LOCAL_HOST_ID = 'local';
/** Health checks in flight at once across all hosts (each host still checks every interval). */
const HEALTH_CHECKS_AT_ONCE = 4;

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
  readonly localDaemon: LocalDaemon;
  /** Connection tests of targets before they are added (`hosts.test`). */
  readonly hostTests: HostTests;
  private readonly windows: WindowChannels;
  private readonly events = new EventEmitter<{ event: [DeskEvent] }>();
  private readonly kept = new KeptNotices();
  private readonly hostsFile: RecordFile<HostConfig>;
  private readonly indexFile: RecordFile<SessionRecord>;
  private readonly summaries: SummaryPacer<SessionRuntime>;
  private readonly syncedOnce = new Set<string>();
  private readonly clock: Clock;
  /** Periodic health checks of all hosts together: a desk of many hosts spreads them out. */
  private readonly healthLimit = new ConcurrencyLimit(HEALTH_CHECKS_AT_ONCE);
  private closed = false;

  private constructor(
    readonly options: DeskOptions,
    private readonly lock: FolderLock,
  ) {
    this.clock = options.clock ?? systemClock;
    this.windows = new WindowChannels({ flushMs: options.flushMs ?? 16, clock: this.clock });
    this.summaries = new SummaryPacer(this.clock, { gapMs: options.summaryMs ?? 250, leastWaitMs: options.flushMs ?? 16 }, (changed) => {
      for (const session of changed) this.broadcast({ type: 'session.changed', session: session.view() });
    });
    const saveNotices = {
      clock: this.clock,
      ...(options.saveRetryMs !== undefined ? { retryMs: options.saveRetryMs } : {}),
      onSaveFailure: (message: string) => this.notice('error', message),
      onSaveRecovery: (message: string) => this.notice('info', message),
    };
    this.hostsFile = new RecordFile(path.join(options.dataDir, 'hosts.json'), HOSTS_FORMAT, HostConfig, { what: 'the host list', ...saveNotices });
    this.indexFile = new RecordFile(path.join(options.dataDir, 'sessions.json'), SESSIONS_FORMAT, SessionRecord, { what: 'the session list', debounceMs: 1000, ...saveNotices });
    this.hostTests = new HostTests(
      {
        tools: options.sshTools ?? SYSTEM_SSH,
        sshConfigFile: options.sshConfigFile,
        controlDir: controlDirFor(options.dataDir),
        daemonBundle: options.daemonBundle,
        shippedVersion: options.version,
        clock: this.clock,
      },
      (test) => this.broadcast({ type: 'host.test', test }),
    );
    this.localDaemon = new LocalDaemon({
      bundle: options.daemonBundle,
      dataDir: options.dataDir,
      claudeCommand: options.localClaudeCommand,
      ...(options.localDaemonEnv ? { env: options.localDaemonEnv } : {}),
      ...(options.log ? { log: options.log } : {}),
      onLeftover: (pid) => this.notice('warning', `A Switchyard daemon (pid ${pid}) was still running on this computer's data, left by an earlier run; it was stopped so this one can start.`, { hostId: LOCAL_HOST_ID }),
    });
  }

  /**
   * Locks the data folder (one desk per folder: two would write the same files), loads hosts and
   * sessions from disk (shown at once) and starts connecting.
   */
  static async open(options: DeskOptions): Promise<Desk> {
    let lock: FolderLock;
    try {
      lock = await acquireFolderLock(options.dataDir, 'the Switchyard desk');
    } catch (error) {
      if (!(error instanceof FolderLockedError)) throw error;
      throw new Error(`Switchyard is already running on this data: ${error.message}. Use that one (its window, or the URL it printed), or stop it, then start again.`);
    }
    const desk = new Desk(options, lock);
    const hosts = await desk.hostsFile.load();
    const sessions = await desk.indexFile.load();
    for (const problem of [...hosts.problems, ...sessions.problems]) desk.notice('warning', problem);
    let configs = hosts.records;
    if (configs.length === 0) {
      // The embedded default: a first run works on this computer, without SSH.
      configs = [{ id: LOCAL_HOST_ID, name: 'This computer', kind: 'local', daemonPort: 0 }];
      desk.hostsFile.save(configs);
    }
    for (const record of sessions.records) desk.adoptSession(record);
    for (const config of configs) desk.addHost(config).link.start();
    return desk;
  }

  // -- events and windows ----------------------------------------------------

  /** Every event, as any window would get it if it watched every session (tests, the shell's notifications). */
  onEvent(listener: (event: DeskEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** A window's event stream; closed by the transport when the window goes. */
  openChannel(sink: ChannelSink): DeskChannel {
    return this.windows.open(sink);
  }

  /** Window event streams as a transport opens and closes them. */
  eventStreams(): { open: (sink: ChannelSink) => { id: string; close: () => void } } {
    return {
      open: (sink) => {
        const channel = this.windows.open(sink);
        return { id: channel.id, close: () => this.windows.close(channel.id) };
      },
    };
  }

  closeChannel(id: string): void {
    this.windows.close(id);
  }

  channel(id: string): DeskChannel {
    return this.windows.get(id);
  }

  /** Tells every window. */
  broadcast(event: DeskEvent): void {
    this.windows.send(event);
    this.events.emit('event', event);
  }

  /** A notice for the user; warnings and errors are also kept for windows that open later. */
  notice(level: Notice['level'], message: string, where: { hostId?: string; key?: string } = {}): void {
    const notice: Notice = { level, message, ...where };
    this.kept.note(notice);
    this.broadcast({ type: 'notice', notice });
  }

  notices(): Notice[] {
    return this.kept.list();
  }

  // -- hosts -----------------------------------------------------------------

  host(hostId: string): HostRuntime {
    const host = this.hosts.get(hostId);
    if (!host) throw new DeskError('not_found', `No host with id "${hostId}"; it may have been removed.`);
    return host;
  }

  addHost(config: HostConfig): HostRuntime {
    const host = new HostRuntime(config, {
      sshTools: this.options.sshTools ?? SYSTEM_SSH,
      sshConfigFile: this.options.sshConfigFile,
      controlDir: controlDirFor(this.options.dataDir),
      localDaemon: this.localDaemon,
      shippedVersion: this.options.version,
      linkSettings: { clock: this.clock, healthLimit: this.healthLimit, ...this.options.linkSettings },
      onChange: (runtime, configChanged) => this.hostChanged(runtime, configChanged),
      onHealth: (runtime, health, monitor) => this.onHealth(runtime, health, monitor),
    });
    this.hosts.set(config.id, host);
    return host;
  }

  /** Adds a new SSH host, saves it and starts connecting. */
  addSshHost(config: Omit<HostConfig, 'id' | 'kind'>): HostRuntime {
    const host = this.addHost({ ...config, id: randomUUID().slice(0, 8), kind: 'ssh' });
    this.saveHosts();
    host.link.start();
    return host;
  }

  async removeHost(hostId: string): Promise<void> {
    const host = this.host(hostId);
    this.hosts.delete(hostId);
    await host.close();
    this.saveHosts();
    for (const session of [...this.sessions.values()].filter((s) => s.entry.hostId === hostId)) await this.forgetSession(session.key);
    this.broadcast({ type: 'host.removed', hostId });
  }

  private hostChanged(host: HostRuntime, configChanged: boolean): void {
    if (!this.hosts.has(host.id)) return;
    if (configChanged) this.saveHosts();
    this.broadcast({ type: 'host.changed', host: host.view() });
    if (host.link.state.status === 'connected') void this.syncSessions(host);
  }

  private saveHosts(): void {
    this.hostsFile.save(() => [...this.hosts.values()].map((host) => ({ ...host.config })));
  }

  healthNow(hostId: string): HealthNow {
    const host = this.host(hostId);
    return { health: host.link.health ?? null, monitor: host.monitor };
  }

  private onHealth(host: HostRuntime, health: HealthResult, monitor: MonitorResult | null): void {
    const sample = host.series.add(health, monitor, Date.now());
    this.broadcast({ type: 'health.changed', hostId: host.id, sample, now: { health, monitor } });
    this.broadcast({ type: 'host.changed', host: host.view() });
    void this.syncSessions(host);
  }

  // -- sessions --------------------------------------------------------------

  session(key: string): SessionRuntime {
    const session = this.sessions.get(key);
    if (!session) throw new DeskError('not_found', `No session "${key}"; it may have been destroyed.`);
    return session;
  }

  /** A session this desk keeps (from its index, or new); it starts in no window. */
  adoptSession(record: SessionRecord): SessionRuntime {
    const runtime = new SessionRuntime(record, {
      transcriptFile: this.transcriptFileOf(record.key),
      saveRetryMs: this.options.saveRetryMs,
      link: () => this.hosts.get(record.hostId)?.link,
      changed: (session, now) => this.sessionChanged(session, now),
      items: (session, items) => {
        this.windows.push(session.key, items);
        this.events.emit('event', { type: 'session.items', key: session.key, items });
      },
      problem: (level, message, session) => this.notice(level, message, { key: session.key, hostId: session.entry.hostId }),
    });
    this.sessions.set(record.key, runtime);
    return runtime;
  }

  /**
   * Creates a session on a host's daemon and keeps it; the host remembers the mode for the next
   * one. A folder that does not exist fails with `folder_missing` unless `createFolder`.
   */
  async createSession(hostId: string, folder: string, mode: Mode, model?: string, createFolder = false): Promise<SessionRuntime> {
    const host = this.host(hostId);
    const port = await host.link.whenConnected();
    const client = host.link.client;
    let sessionId: string;
    try {
      sessionId = await client.createSession(port, folder, mode, { model: model ?? null, createFolder });
    } catch (error) {
      if (error instanceof DaemonError && error.code === RpcErrorCode.folderMissing) {
        throw new DeskError('folder_missing', `${folder} does not exist on ${host.config.name}. Create it, or choose another folder.`, { cause: error });
      }
      throw error;
    }
    const info = (await client.listSessions(port)).find((s) => s.sessionId === sessionId);
    const runtime = this.adoptSession(newSessionRecord(this.takenNames(), hostId, info ?? { sessionId, path: folder, mode, model: model ?? null }));
    this.sessionChanged(runtime);
    if (host.config.lastMode !== mode && this.hosts.get(hostId) === host) await host.configure({ lastMode: mode });
    return runtime;
  }

  /** Destroys a session on its daemon, then forgets it here. */
  async destroySession(key: string): Promise<void> {
    await this.session(key).destroyOnDaemon();
    await this.forgetSession(key);
  }

  /** The folders of a host's sessions, newest first. */
  recentPaths(hostId: string): string[] {
    const sessions = [...this.sessions.values()].filter((s) => s.entry.hostId === hostId).sort((a, b) => b.entry.createdAt.localeCompare(a.entry.createdAt));
    return [...new Set(sessions.map((s) => s.entry.path))].slice(0, 10);
  }

  private transcriptFileOf(key: string): string {
    return path.join(this.options.dataDir, 'transcripts', `${key.replace(/[^\w.-]/g, '_')}.jsonl`);
  }

  /** Starts watching a session on a window's stream; answers the transcript's length. */
  async watch(streamId: string, key: string, after: number, tail?: number): Promise<{ total: number }> {
    const session = this.session(key);
    const ticket = this.channel(streamId).want(key);
    const store = await session.transcript();
    // An unwatch that came while the transcript loaded wins.
    return { total: this.channel(streamId).watch(key, store, after, ticket, tail) };
  }

  /** The desk forgets a session (destroyed, or its host removed): its transcript goes too. */
  async forgetSession(key: string): Promise<void> {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    this.summaries.delete(session);
    this.windows.unwatchEverywhere(key);
    await session.close();
    this.saveIndex();
    this.broadcast({ type: 'session.removed', key });
    await rm(this.transcriptFileOf(key), { force: true }).catch((error: Error) =>
      this.notice('warning', `The transcript of a removed session could not be deleted (${this.transcriptFileOf(key)}): ${error.message}`),
    );
  }

  /**
   * A session's record changed: the index is saved, and the windows get its summary, at most
   * one per `summaryMs` for all sessions together, however fast they stream.
   */
  private sessionChanged(session: SessionRuntime, now = false): void {
    if (!this.sessions.has(session.key)) return;
    this.saveIndex();
    this.summaries.add(session, now);
  }

  private saveIndex(): void {
    this.indexFile.save(() => [...this.sessions.values()].map((session) => ({ ...session.entry })));
  }

  /** Brings the board in line with a host's daemon: statuses, new sessions, forgotten ones. */
  syncSessions(host: HostRuntime): Promise<void> {
    const firstSync = !this.syncedOnce.has(host.id);
    return syncHostSessions(host, {
      firstSync,
      known: [...this.sessions.values()].filter((s) => s.entry.hostId === host.id),
      adopt: (info) => {
        const runtime = this.adoptSession(newSessionRecord(this.takenNames(), host.id, info));
        this.sessionChanged(runtime, true);
        return runtime;
      },
      synced: () => this.syncedOnce.add(host.id),
    });
  }

  private takenNames(): Set<string> {
    return new Set([...this.sessions.values()].map((s) => s.entry.name));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.summaries.close();
    this.windows.closeAll();
    await this.hostTests.stop();
    await Promise.all([...this.hosts.values()].map((host) => host.close()));
    await Promise.all([...this.sessions.values()].map((session) => session.close()));
    this.saveIndex();
    await Promise.all([this.indexFile.flush(), this.hostsFile.flush()]);
    await this.localDaemon.stop();
    await this.lock.release();
  }
}
