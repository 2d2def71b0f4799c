/** The daemon's methods: params checked against the shared schemas, then handed to the sessions. */
import type { z } from 'zod';
import { CAPABILITIES, METHODS, RpcErrorCode, type MethodName } from '../shared/protocol.js';
import type { DaemonConfig } from './config.js';
import { RpcError } from './rpc-error.js';
import type { EventSink } from './session.js';
import type { SessionManager } from './sessions.js';
import { DAEMON_VERSION } from './version.js';

export type RpcOutcome = { kind: 'json'; result: unknown } | { kind: 'stream'; run: (sink: EventSink) => void | Promise<void> };

export interface RpcContext {
  config: DaemonConfig;
  sessions: SessionManager;
  startedAt: number;
}

const HISTORY_PAGE_MAX = 10_000;

function isMethod(method: string): method is MethodName {
  return Object.hasOwn(METHODS, method);
}

function checkParams<M extends MethodName>(method: M, params: unknown): z.output<(typeof METHODS)[M]['params']> {
  const parsed = METHODS[method].params.safeParse(params ?? {});
  if (parsed.success) return parsed.data as z.output<(typeof METHODS)[M]['params']>;
  const issue = parsed.error.issues[0]!;
  const name = issue.path.join('.') || 'params';
  const missing = issue.code === 'invalid_type' && (params as Record<string, unknown> | undefined)?.[name] === undefined;
  throw RpcError.invalidParams(missing ? `Missing required param: ${name} (${method})` : `Invalid param "${name}" for ${method}: ${issue.message}`);
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function handleRpc(method: string, params: unknown, context: RpcContext): Promise<RpcOutcome> {
  if (!isMethod(method)) throw new RpcError(RpcErrorCode.methodNotFound, `Method not found: ${method}`);
  const { sessions, config } = context;
  switch (method) {
    case 'session.create': {
      const p = checkParams(method, params);
      if (p.cli_type !== undefined && p.cli_type !== 'claude') {
        throw RpcError.invalidParams(`this daemon runs only Claude; cli_type "${p.cli_type}" is not supported`);
      }
      const session = await sessions.create(p.path, p.mode ?? 'auto', p.model ?? null, p.createFolder === true);
      return { kind: 'json', result: { sessionId: session.id } };
    }
    case 'session.send': {
      const p = checkParams(method, params);
      const bytes = Buffer.byteLength(p.message);
      if (bytes > config.maxMessageBytes) {
        throw RpcError.invalidParams(
          `message is ${bytes} bytes; this daemon accepts at most ${config.maxMessageBytes} (limits.maxMessageBytes). Send a shorter message or attach the content as a file.`,
        );
      }
      const session = sessions.find(p.sessionId);
      return {
        kind: 'stream',
        run: (sink) => {
          if (session) return session.send(p.message, sink);
          const { code, message } = RpcError.sessionNotFound(p.sessionId);
          sink.send([{ type: 'error', code, message }]);
          sink.finish();
        },
      };
    }
    case 'session.attach': {
      const p = checkParams(method, params);
      const session = sessions.get(p.sessionId);
      return { kind: 'stream', run: (sink) => session.attach(p.afterSeq, sink) };
    }
    case 'session.resume': {
      const p = checkParams(method, params);
      const session = sessions.find(p.sessionId);
      if (!session) return { kind: 'json', result: { ok: false, fallback: false } };
      return { kind: 'json', result: await session.resume(p.sdkSessionId) };
    }
    case 'session.destroy': {
      const p = checkParams(method, params);
      // Part 1 daemons answer ok:false for a session they do not know; head nodes rely on it.
      return { kind: 'json', result: { ok: await sessions.destroy(p.sessionId) } };
    }
    case 'session.list':
      return { kind: 'json', result: { sessions: sessions.list() } };
    case 'session.set_mode': {
      const p = checkParams(method, params);
      await sessions.get(p.sessionId).setMode(p.mode);
      return { kind: 'json', result: { ok: true } };
    }
    case 'session.set_model': {
      const p = checkParams(method, params);
      await sessions.get(p.sessionId).setModel(p.model);
      return { kind: 'json', result: { ok: true } };
    }
    case 'session.answer': {
      const p = checkParams(method, params);
      sessions.get(p.sessionId).answer(p);
      return { kind: 'json', result: { ok: true } };
    }
    case 'session.pending': {
      const p = checkParams(method, params);
      return { kind: 'json', result: { requests: sessions.get(p.sessionId).pending() } };
    }
    case 'session.dequeue': {
      const p = checkParams(method, params);
      return { kind: 'json', result: { ok: true, removed: sessions.get(p.sessionId).dequeue(p.position, p.content) } };
    }
    case 'session.interrupt': {
      const p = checkParams(method, params);
      const interrupted = await sessions.get(p.sessionId).interrupt();
      return { kind: 'json', result: { ok: true, interrupted } };
    }
    case 'session.queue_stats': {
      const p = checkParams(method, params);
      return { kind: 'json', result: sessions.get(p.sessionId).queueStats() };
    }
    case 'session.reconnect': {
      const p = checkParams(method, params);
      // As Part 1 daemons answer: nothing buffered for a session they do not know.
      return { kind: 'json', result: { bufferedEvents: sessions.find(p.sessionId)?.takeReconnectBuffer() ?? [] } };
    }
    case 'session.history': {
      const p = checkParams(method, params);
      const limit = Math.min(p.limit ?? 1000, HISTORY_PAGE_MAX);
      return { kind: 'json', result: await sessions.get(p.sessionId).log.history(p.afterSeq ?? 0, limit) };
    }
    case 'health.check': {
      // Lenient, as a health probe must be: params it does not know are ignored.
      const p = METHODS[method].params.parse(params ?? {});
      // Asked for: checked now (awaited); otherwise the cached status, refreshed in the background once stale.
      const claude = p.refreshClaude === true ? await sessions.claude.refresh() : sessions.claude.current();
      const list = sessions.list();
      const sessionsByStatus: Record<string, number> = { idle: 0, busy: 0, error: 0 };
      for (const info of list) sessionsByStatus[info.status] = (sessionsByStatus[info.status] ?? 0) + 1;
      const memory = process.memoryUsage();
      return {
        kind: 'json',
        result: {
          ok: true,
          sessions: list.length,
          sessionsByStatus,
          uptime: Math.round((Date.now() - context.startedAt) / 100) / 10,
          memory: { rss: mb(memory.rss), heapUsed: mb(memory.heapUsed), heapTotal: mb(memory.heapTotal) },
          nodeVersion: process.version,
          version: DAEMON_VERSION,
          pid: process.pid,
          // One process per message cannot be asked anything, so it cannot do approvals.
          capabilities: CAPABILITIES.filter((capability) => capability !== 'approvals' || config.cliMode === 'persistent'),
          limits: { maxMessageBytes: config.maxMessageBytes, maxBodyBytes: config.maxBodyBytes, maxBufferedEvents: config.maxBufferedEvents },
          storage: sessions.storage.state,
          ...(sessions.catalog.models ? { models: sessions.catalog.models } : {}),
          ...(sessions.catalog.commands ? { commands: sessions.catalog.commands } : {}),
          // Absent until the first probe has ended.
          ...(claude ? { claude } : {}),
        },
      };
    }
    case 'monitor.sessions': {
      const all = sessions.all().map((session) => ({ ...session.info, queue: session.queueStats() }));
      return { kind: 'json', result: { sessions: all, totalSessions: all.length, uptime: Math.round((Date.now() - context.startedAt) / 1000) } };
    }
  }
}
