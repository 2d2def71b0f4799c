/** All sessions of the daemon: create, find, list, destroy, and bring back after a restart. */
import { randomUUID } from 'node:crypto';
import type { Mode, SessionInfo } from '../shared/protocol.js';
import { claudeSessionExists } from './claude-sessions.js';
import { ClaudeStatusProbe } from './claude-status.js';
import { DATA_FOLDER_MARKER } from './cli-leftovers.js';
import { CliPool } from './cli-pool.js';
import type { DaemonConfig } from './config.js';
import { EventLog } from './event-log.js';
import { ModelCatalog } from './model-catalog.js';
import { RpcError } from './rpc-error.js';
import { Session } from './session.js';
import { checkSessionFolder } from './session-folder.js';
import type { SessionRecord } from './session-record.js';
import { SessionStore } from './session-store.js';
import type { StorageHealth } from './storage-health.js';
import { TurnRunner } from './turn-runner.js';

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly store: SessionStore;
  /** The CLIs' environment: the daemon's, with this data folder's marker. */
  private readonly cliEnv: NodeJS.ProcessEnv;
  /** The models the host's CLI offers, once one has said so. */
  readonly catalog = new ModelCatalog();
  private readonly pool: CliPool;
  /** Whether Claude can run on this host (`claude-status`), probed with the CLIs' command and environment. */
  readonly claude: ClaudeStatusProbe;

  constructor(
    private readonly config: DaemonConfig,
    private readonly env: NodeJS.ProcessEnv,
    /** Whether the data folder can be written, as every writer reports it. */
    readonly storage: StorageHealth,
    private readonly log: (message: string) => void,
  ) {
    this.store = new SessionStore(config.dataDir, storage);
    this.cliEnv = { ...env, [DATA_FOLDER_MARKER]: config.dataDir };
    this.pool = new CliPool(config.maxClis, config.cliIdleTimeoutMs);
    this.claude = new ClaudeStatusProbe({ command: config.claudeCommand, env: this.cliEnv, log });
  }

  /** Brings back the sessions saved in the data dir; a turn cut by a crash is marked in its log. */
  async load(): Promise<number> {
    for (const record of await this.store.loadAll(this.log)) {
      const session = await this.open(record).catch((error: Error) => {
        this.log(`skipping session ${record.sessionId}: cannot open its event log: ${error.message}`);
      });
      if (!session) continue;
      session.withdrawLeftovers();
      if (session.log.cutTurn) session.markCutTurn();
      else if (record.status === 'busy') record.status = 'idle';
      await this.store.save(record);
    }
    return this.sessions.size;
  }

  async create(rawPath: string, mode: Mode, model: string | null, createFolder = false): Promise<Session> {
    const resolved = await checkSessionFolder(rawPath, createFolder);
    const now = new Date().toISOString();
    const record: SessionRecord = {
      sessionId: randomUUID(),
      path: resolved,
      mode,
      sdkSessionId: null,
      model,
      requestedModel: model,
      createdAt: now,
      lastActivityAt: now,
      status: 'idle',
    };
    await this.store.create(record);
    return this.open(record);
  }

  get(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw RpcError.sessionNotFound(sessionId);
    return session;
  }

  find(sessionId: string): Session | undefined {
    return this.sessions.get(sessionId);
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((session) => session.info);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /** False when there is no such session. */
  async destroy(sessionId: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    this.sessions.delete(sessionId);
    try {
      await session.destroy();
    } finally {
      await this.store.remove(sessionId);
    }
    return true;
  }

  /** Daemon shutdown: every turn stopped as an interrupt stops it, every log flushed. */
  async closeAll(): Promise<void> {
    await Promise.all([
      ...this.all().map((session) => session.close().catch((error: Error) => this.log(`closing ${session.id}: ${error.message}`))),
      this.claude.close(),
    ]);
  }

  private async open(record: SessionRecord): Promise<Session> {
    const log = await EventLog.open(this.store.eventsFile(record.sessionId), {
      ringSize: this.config.maxBufferedEvents,
      markFile: this.store.markFile(record.sessionId),
      storage: this.storage,
      log: this.log,
    });
    const runner = new TurnRunner({
      command: this.config.claudeCommand,
      env: this.cliEnv,
      persistent: this.config.cliMode === 'persistent',
      graceMs: this.config.graceMs,
      catalog: this.catalog,
      pool: this.pool,
      log: (message) => this.log(`session ${record.sessionId}: ${message}`),
      // Missing, refusing its flags or logged out: what health.check says about Claude is checked again now.
      onStartFailure: () => void this.claude.refresh(),
    });
    const session = new Session(record, log, runner, {
      save: (r) => this.store.save(r),
      claudeSessionExists: (id) => claudeSessionExists(this.env, id),
      maxBufferedEvents: this.config.maxBufferedEvents,
    });
    this.sessions.set(record.sessionId, session);
    return session;
  }
}
