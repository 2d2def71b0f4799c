import { Pool } from 'undici';
import type { z } from 'zod';
import { systemClock, IdleWatchdog, type Clock } from '../../shared/clock.js';
import {
  CreateSessionResult,
  DequeueResult,
  HealthResult,
  HistoryResult,
  InterruptResult,
  ListSessionsResult,
  AnswerParams,
  MonitorResultWire,
  PendingResult,
  PermissionEvent,
  MonitoredSession,
  OkResult,
  SessionInfo,
  parseEach,
  type MonitorResult,
  QueueStats,
  ReconnectResult,
  ResumeResult,
  type Mode,
  type StreamEvent,
  type StreamErrorReason,
} from '../../shared/protocol.js';
import { DaemonConnectionError, describeNetworkError, excerpt } from './errors.js';
import { toStreamEvent, streamError } from './event-parsing.js';
import { decodeRpcAnswer, nonStreamAnswer } from './rpc-answer.js';
import { EventStream } from './event-stream.js';
import { eventBatches } from './event-batches.js';

export interface DaemonClientOptions {
  /** Idle limit per read of a stream, in ms: no byte for this long ends it. Default 300 s. */
  timeout?: number;
  /** Limit for an ordinary call, in ms. Default 30 s. */
  callTimeoutMs?: number;
  /** Limit for a whole stream, in ms. Default 15 min. */
  streamTotalMs?: number;
  /** Keep-alive connections per port; each open stream holds one. Default 32. */
  connectionsPerPort?: number;
  /** Sent with every request, e.g. `{ authorization: 'Bearer <token>' }`; a function is asked each time. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Replaces `http://127.0.0.1:<local port>` (a daemon reached without a tunnel, or over HTTPS). */
  baseUrl?: string;
  clock?: Clock;
}

export interface CreateSessionOptions {
  /** The model to ask the CLI for (`--model`); the CLI's default when absent. */
  model?: string | null;
  /** Switchyard's daemon: create the folder when it does not exist (without it: error -32006). */
  createFolder?: boolean;
}

export interface HistoryPage {
  events: StreamEvent[];
  nextSeq: number;
}

const DEFAULT_IDLE_MS = 300_000;
const DEFAULT_CALL_MS = 30_000;
const DEFAULT_STREAM_TOTAL_MS = 900_000;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

type StreamStop = Extract<StreamErrorReason, 'idle_timeout' | 'total_timeout' | 'closed'>;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Talks to Remote Agent Daemons (docs/protocol.md): one method per RPC, the local port of the
 * tunnel first. One keep-alive pool per port. Ordinary calls throw `DaemonError` or
 * `DaemonConnectionError`; streams never throw, they end with an `error` event instead.
 */
export class DaemonClient {
  private readonly pools = new Map<number, Pool>();
  private readonly inFlight = new Set<AbortController>();
  private readonly idleMs: number;
  private readonly callMs: number;
  private readonly streamTotalMs: number;
  private readonly connections: number;
  private readonly clock: Clock;
  private readonly headerSource: () => Record<string, string>;
  private readonly base: URL | undefined;
  private closed = false;
  private nextId = 1;

  constructor(options: DaemonClientOptions = {}) {
    this.idleMs = options.timeout ?? DEFAULT_IDLE_MS;
    this.callMs = options.callTimeoutMs ?? DEFAULT_CALL_MS;
    this.streamTotalMs = options.streamTotalMs ?? DEFAULT_STREAM_TOTAL_MS;
    this.connections = options.connectionsPerPort ?? 32;
    this.clock = options.clock ?? systemClock;
    const headers = options.headers;
    this.headerSource = typeof headers === 'function' ? headers : () => headers ?? {};
    this.base = options.baseUrl ? new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`) : undefined;
  }

  private headers(): Record<string, string> {
    return { ...this.headerSource(), ...JSON_HEADERS };
  }

  url(localPort: number): string {
    return `${this.origin(localPort)}${this.rpcPath}`;
  }

  private get rpcPath(): string {
    return this.base ? `${this.base.pathname}rpc` : '/rpc';
  }

  private origin(localPort: number): string {
    return this.base ? this.base.origin : `http://127.0.0.1:${localPort}`;
  }

  /** How messages name where a call went. */
  private where(localPort: number): string {
    return this.base ? this.base.host : `127.0.0.1:${localPort}`;
  }

  /** One JSON-RPC call; resolves to the raw `result`. */
  async rpcCall(localPort: number, method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (this.closed) throw this.closedError(localPort, method);
    const abort = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.callMs);
    this.inFlight.add(abort);
    try {
      let status: number;
      let contentType: string;
      let body: string;
      try {
        const response = await this.pool(localPort).request({
          path: this.rpcPath,
          method: 'POST',
          headers: this.headers(),
          body: this.requestBody(method, params),
          signal: abort.signal,
        });
        status = response.statusCode;
        contentType = String(response.headers['content-type'] ?? '');
        body = await response.body.text();
      } catch (error) {
        throw this.exchangeError(localPort, method, error, timedOut);
      }
      return decodeRpcAnswer({ status, contentType, body }, { port: localPort, method, where: this.where(localPort) });
    } finally {
      this.clock.clearTimeout(timer);
      this.inFlight.delete(abort);
    }
  }

  async createSession(localPort: number, path: string, mode: Mode = 'auto', options: CreateSessionOptions = {}): Promise<string> {
    const params: Record<string, unknown> = { path, mode };
    if (options.model) params.model = options.model;
    if (options.createFolder) params.createFolder = true;
    const result = await this.call(localPort, 'session.create', params, CreateSessionResult);
    return result.sessionId;
  }

  /** Sends a message; the answer is Claude's output as it streams. Never throws. */
  sendMessage(
    localPort: number,
    sessionId: string,
    message: string,
    idleTimeoutMs: number = this.idleMs,
  ): EventStream {
    return this.stream(localPort, 'session.send', { sessionId, message }, idleTimeoutMs);
  }

  /** Part 2 (`attach`): retained events after `afterSeq`, then live ones until the caller stops. */
  attachSession(
    localPort: number,
    sessionId: string,
    afterSeq?: number,
    idleTimeoutMs: number = this.idleMs,
  ): EventStream {
    const params = afterSeq === undefined ? { sessionId } : { sessionId, afterSeq };
    return this.stream(localPort, 'session.attach', params, idleTimeoutMs);
  }

  private stream(port: number, method: string, params: Record<string, unknown>, idleMs: number): EventStream {
    let settle!: (accepted: boolean) => void;
    const accepted = new Promise<boolean>((resolve) => (settle = resolve));
    return new EventStream(this.openStream(port, method, params, idleMs, settle), accepted);
  }

  async resumeSession(localPort: number, sessionId: string, sdkSessionId?: string): Promise<ResumeResult> {
    const params = sdkSessionId === undefined ? { sessionId } : { sessionId, sdkSessionId };
    const result = await this.call(localPort, 'session.resume', params, ResumeResult);
    return { ok: result.ok, fallback: result.fallback };
  }

  async destroySession(localPort: number, sessionId: string): Promise<boolean> {
    return (await this.call(localPort, 'session.destroy', { sessionId }, OkResult)).ok;
  }

  /** Every session the daemon lists; an entry that is not a session at all is left out, the rest kept. */
  async listSessions(localPort: number): Promise<SessionInfo[]> {
    return parseEach(SessionInfo, (await this.call(localPort, 'session.list', {}, ListSessionsResult)).sessions).valid;
  }

  async setMode(localPort: number, sessionId: string, mode: Mode): Promise<boolean> {
    return (await this.call(localPort, 'session.set_mode', { sessionId, mode }, OkResult)).ok;
  }

  /** `approvals`: answers a waiting request; only the first answer reaches the CLI (-32005 after that). */
  async answerRequest(localPort: number, sessionId: string, answer: Omit<z.input<typeof AnswerParams>, 'sessionId'>): Promise<boolean> {
    return (await this.call(localPort, 'session.answer', { sessionId, ...answer }, OkResult)).ok;
  }

  /** `approvals`: the requests of a session still waiting for an answer. */
  async pendingRequests(localPort: number, sessionId: string): Promise<PermissionEvent[]> {
    const result = await this.call(localPort, 'session.pending', { sessionId }, PendingResult);
    return parseEach(PermissionEvent, result.requests).valid;
  }

  /** The field's newer daemons (`models`): the session's model; null goes back to the CLI's default. */
  async setModel(localPort: number, sessionId: string, model: string | null): Promise<boolean> {
    return (await this.call(localPort, 'session.set_model', { sessionId, model }, OkResult)).ok;
  }

  /**
   * `dequeue`: takes back the message queued at `position` (1-based) before its turn starts,
   * only while it still reads `content`; `removed: false` once its turn began or it moved.
   */
  async dequeue(localPort: number, sessionId: string, position: number, content: string): Promise<{ ok: boolean; removed: boolean }> {
    const result = await this.call(localPort, 'session.dequeue', { sessionId, position, content }, DequeueResult);
    return { ok: result.ok, removed: result.removed };
  }

  async interruptSession(localPort: number, sessionId: string): Promise<{ ok: boolean; interrupted: boolean }> {
    const result = await this.call(localPort, 'session.interrupt', { sessionId }, InterruptResult);
    return { ok: result.ok, interrupted: result.interrupted };
  }

  /** `refreshClaude`: Switchyard's daemon checks Claude on its host again before answering (others ignore it). */
  healthCheck(localPort: number, options: { refreshClaude?: boolean } = {}): Promise<HealthResult> {
    return this.call(localPort, 'health.check', options.refreshClaude ? { refreshClaude: true } : {}, HealthResult);
  }

  async monitorSessions(localPort: number): Promise<MonitorResult> {
    const result = await this.call(localPort, 'monitor.sessions', {}, MonitorResultWire);
    return { ...result, sessions: parseEach(MonitoredSession, result.sessions).valid };
  }

  /** The events buffered since the stream broke; the daemon hands them over once. */
  async reconnectSession(localPort: number, sessionId: string): Promise<StreamEvent[]> {
    const result = await this.call(localPort, 'session.reconnect', { sessionId }, ReconnectResult);
    return result.bufferedEvents.map(toStreamEvent);
  }

  getQueueStats(localPort: number, sessionId: string): Promise<QueueStats> {
    return this.call(localPort, 'session.queue_stats', { sessionId }, QueueStats);
  }

  /** Part 2 (`history`): the session's log from disk, a page at a time. */
  async sessionHistory(localPort: number, sessionId: string, afterSeq?: number, limit?: number): Promise<HistoryPage> {
    const params: Record<string, unknown> = { sessionId };
    if (afterSeq !== undefined) params.afterSeq = afterSeq;
    if (limit !== undefined) params.limit = limit;
    const result = await this.call(localPort, 'session.history', params, HistoryResult);
    return { events: result.events.map(toStreamEvent), nextSeq: result.nextSeq };
  }

  /** Ends every open stream and call and releases every pool; later calls fail at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const abort of this.inFlight) abort.abort();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }

  // -------------------------------------------------------------------------

  private pool(localPort: number): Pool {
    let pool = this.pools.get(localPort);
    if (!pool) {
      pool = new Pool(this.origin(localPort), {
        connections: this.connections,
        keepAliveTimeout: 4_000,
        // The client's own limits govern; undici's would cut long quiet streams.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.pools.set(localPort, pool);
    }
    return pool;
  }

  private requestBody(method: string, params: Record<string, unknown>): string {
    const id = String(this.nextId++);
    // The original client leaves `params` out when it would be empty; daemons accept both.
    return JSON.stringify(Object.keys(params).length > 0 ? { method, params, id } : { method, id });
  }

  private async call<S extends z.ZodType>(
    localPort: number,
    method: string,
    params: Record<string, unknown>,
    schema: S,
  ): Promise<z.output<S>> {
    const result = await this.rpcCall(localPort, method, params);
    const parsed = schema.safeParse(result);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `"${issue.path.join('.')}"` : 'the result';
    throw new DaemonConnectionError(
      localPort,
      method,
      'bad_result',
      `unexpected result: ${where} ${issue?.message ?? 'is invalid'} (got ${excerpt(JSON.stringify(result) ?? 'nothing', 160)})`,
      undefined,
      { where: this.where(localPort) },
    );
  }

  private exchangeError(port: number, method: string, error: unknown, timedOut: boolean): DaemonConnectionError {
    if (timedOut) {
      return new DaemonConnectionError(port, method, 'timeout', `no answer within ${seconds(this.callMs)}`, undefined, { cause: error, where: this.where(port) });
    }
    if (this.closed) return this.closedError(port, method);
    const { failure, text } = describeNetworkError(error);
    return new DaemonConnectionError(port, method, failure, text, undefined, { cause: error, where: this.where(port) });
  }

  private closedError(port: number, method: string): DaemonConnectionError {
    return new DaemonConnectionError(port, method, 'closed', 'the client was closed; create a new DaemonClient', undefined, { where: this.where(port) });
  }

  private async *openStream(
    port: number,
    method: string,
    params: Record<string, unknown>,
    idleMs: number,
    settleAccepted: (accepted: boolean) => void,
  ): AsyncGenerator<readonly StreamEvent[], void, undefined> {
    const where = `${method} on ${this.where(port)}`;
    if (this.closed) {
      settleAccepted(false);
      yield [streamError('closed', `${where}: the client was closed`)];
      return;
    }
    const abort = new AbortController();
    let stop: StreamStop | undefined;
    const stopWith = (reason: StreamStop) => {
      stop ??= reason;
      abort.abort();
    };
    const totalTimer = this.clock.setTimeout(() => stopWith('total_timeout'), this.streamTotalMs);
    const idle = new IdleWatchdog(this.clock, idleMs, () => stopWith('idle_timeout'));
    const stopped = (fallback: string): StreamEvent => {
      if (this.closed) return streamError('closed', `${where}: the client was closed`);
      if (stop === 'idle_timeout') return streamError('idle_timeout', `${where}: no data for ${seconds(idleMs)} (idle limit)`);
      if (stop === 'total_timeout') return streamError('total_timeout', `${where}: stream ran longer than ${seconds(this.streamTotalMs)} (total limit)`);
      return streamError('connection', `${where}: ${fallback}`);
    };
    this.inFlight.add(abort);
    try {
      let response;
      try {
        response = await this.pool(port).request({
          path: this.rpcPath,
          method: 'POST',
          headers: this.headers(),
          body: this.requestBody(method, params),
          signal: abort.signal,
        });
      } catch (error) {
        settleAccepted(false);
        yield [stopped(describeNetworkError(error).text)];
        return;
      }
      idle.touch();
      const contentType = String(response.headers['content-type'] ?? '');
      if (response.statusCode !== 200 || !contentType.includes('text/event-stream')) {
        settleAccepted(false);
        yield [await nonStreamAnswer(response.statusCode, contentType, response.body, { port, method, where: this.where(port) }, stopped)];
        return;
      }
      settleAccepted(true);
      yield* eventBatches(response.body, idle, stopped, where);
    } finally {
      settleAccepted(false);
      idle.stop();
      this.clock.clearTimeout(totalTimer);
      this.inFlight.delete(abort);
      // Releases the socket when the consumer stops early or the stream ended abnormally.
      abort.abort();
    }
  }
}
