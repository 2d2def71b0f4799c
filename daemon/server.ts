/** The daemon's HTTP side: POST /rpc only, JSON-RPC answers with HTTP 200, SSE for streams. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcErrorCode } from '../shared/protocol.js';
import { isLoopback } from './config.js';
import { handleRpc, type RpcContext } from './rpc.js';
import { contentTypeRefusal, refusal, type Refusal } from './request-guard.js';
import { RpcError } from './rpc-error.js';
import type { SseBudget } from './sse-budget.js';
import { SseSink } from './sse-sink.js';

export interface DaemonServer {
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions extends RpcContext {
  token: string | undefined;
  /** What all SSE clients together may leave unsent. */
  budget: SseBudget;
  log: (message: string) => void;
}

type RequestId = string | number | null;

function sendJson(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

function rpcError(res: http.ServerResponse, code: number, message: string, id: RequestId, close = false): void {
  sendJson(res, 200, { error: { code, message }, id }, close);
}

function refuse(res: http.ServerResponse, { status, message }: Refusal): void {
  // -32001 is what a 401 always carried here.
  const text = JSON.stringify({ error: { code: status === 401 ? -32001 : RpcErrorCode.invalidRequest, message } });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    connection: 'close',
  });
  res.end(text);
}

/** Reads the body up to `limit` bytes; resolves undefined (and answers) when it is larger. */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<string | undefined> {
  const tooLarge = (size: string) =>
    rpcError(res, RpcErrorCode.invalidParams, `request body is ${size}; this daemon accepts at most ${limit} bytes (limits.maxBodyBytes)`, null, true);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    tooLarge(`${declared} bytes`);
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        if (!res.headersSent) tooLarge(`over ${limit} bytes`);
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, options: ServerOptions): Promise<void> {
  const refused = refusal(req, { token: options.token, anyHost: !isLoopback(options.config.bind) });
  if (refused) {
    req.resume();
    return refuse(res, refused);
  }
  const pathname = (req.url ?? '/').split('?')[0];
  if (req.method !== 'POST' || pathname !== '/rpc') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the daemon answers POST /rpc only\n');
    return;
  }
  const wrongType = contentTypeRefusal(req);
  if (wrongType) {
    req.resume();
    return refuse(res, wrongType);
  }
  const body = await readBody(req, res, options.config.maxBodyBytes);
  if (body === undefined) return;
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    rpcError(res, RpcErrorCode.parseError, 'Parse error: the request body is not JSON', null);
    return;
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    rpcError(res, RpcErrorCode.invalidRequest, 'Invalid request: expected a JSON object with "method"', null);
    return;
  }
  const { method, params, id: rawId } = request as { method?: unknown; params?: unknown; id?: unknown };
  const id: RequestId = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  if (typeof method !== 'string' || method === '') {
    rpcError(res, RpcErrorCode.invalidRequest, 'Invalid request: method is required', id);
    return;
  }
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
    rpcError(res, RpcErrorCode.invalidParams, `Invalid params for ${method}: expected an object`, id);
    return;
  }
  try {
    const outcome = await handleRpc(method, params ?? {}, options);
    if (outcome.kind === 'json') {
      sendJson(res, 200, { result: outcome.result, id });
      return;
    }
    const sessionId = (params as { sessionId?: unknown } | null)?.sessionId;
    const sink = new SseSink(res, options.config.pingIntervalMs, options.budget, `the ${method} stream of session ${String(sessionId)}`);
    await outcome.run(sink);
  } catch (error) {
    if (error instanceof RpcError) {
      if (!res.headersSent) rpcError(res, error.code, error.message, id);
      return;
    }
    options.log(`${method} failed: ${(error as Error).stack ?? String(error)}`);
    if (!res.headersSent) rpcError(res, RpcErrorCode.application, `Internal error in ${method}: ${(error as Error).message}`, id);
    else res.destroy();
  }
}

export function startServer(options: ServerOptions): Promise<DaemonServer> {
  const server = http.createServer((req, res) => {
    void handle(req, res, options);
  });
  // Streams may stay quiet for minutes between pings; the daemon's own pings keep them alive.
  server.requestTimeout = 60_000;
  server.timeout = 0;
  // The original Python head pools idle connections for 15 s and fails ("Broken pipe") on one
  // the daemon closed sooner; Node's default is 5 s. Headers may take as long as an idle wait.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`port ${options.config.port} on ${options.config.bind} is already in use (another daemon?); stop it or pass --port 0 for a free port`));
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new Error(`cannot listen on ${options.config.bind}: no such address on this machine`));
      } else reject(error);
    });
    server.listen(options.config.port, options.config.bind, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
