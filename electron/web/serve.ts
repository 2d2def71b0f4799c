/**
 * Browser mode: the desk behind a loopback HTTP server. The built renderer as static files,
 * `POST /api/<method>` for calls, `GET /api/events` (SSE) for the window's event stream, which
 * opens with `event: hello` carrying the stream's id for `sessions.watch`. A reconnecting page
 * gets a new stream and watches again from its cursors. A random token is required on every
 * request (an HttpOnly, SameSite=Strict cookie after the first visit); requests whose Host or
 * Origin is not this server's own are refused, which also stops DNS-rebinding pages.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse as parseCookies } from 'cookie';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import type { DeskErrorCode, DeskEvent, StreamHello } from '../../shared/desk-api.js';
import { bearerToken, sameToken } from '../../shared/node/token.js';
import type { DeskDispatch } from '../desk/desk-dispatch.js';
import { DeskError } from '../desk/desk-error.js';

/** A window's event stream, as the desk gives one out. */
export interface EventStreamSource {
  /** Opens a stream whose events go to `sink` (false: too far behind, the stream is cut). */
  open(sink: (event: DeskEvent) => boolean): { id: string; close(): void };
}

export interface WebServerOptions {
  dispatch: DeskDispatch;
  streams: EventStreamSource;
  staticDir: string;
  port?: number;
  token?: string;
  /** Unsent bytes a stream may pile up before it is cut (the page then reconnects and catches up). */
  maxStreamBacklog?: number;
  /** How long a stream over its backlog may read nothing before it counts as stalled. */
  stalledMs?: number;
}

export interface WebServer {
  port: number;
  token: string;
  /** The URL to open: carries the token once, then the cookie does. */
  url: string;
  close(): Promise<void>;
}

const COOKIE = 'switchyard_token';
const MAX_BODY = 4 * 1024 * 1024;
const MAX_STREAM_BACKLOG = 16 * 1024 * 1024;
/** A stream whose page has read nothing for this long, with more than the backlog waiting, is stalled. */
const STALLED_MS = 10_000;
const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** The HTTP status of each desk error code, for anything that reads browser mode's answers by status. */
const HTTP_STATUS: Record<DeskErrorCode, number> = {
  invalid_params: 400,
  unknown_method: 404,
  not_found: 404,
  session_lost: 410,
  daemon_error: 502,
  not_connected: 503,
  folder_missing: 404,
  unsupported: 501,
  not_queued: 409,
  failed: 500,
};

const isJson = (type: string | undefined) => /^application\/json\s*(;|$)/i.test(type ?? '');

const cookieToken = (header: string | undefined) => (header ? parseCookies(header)[COOKIE] : undefined);

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
  res.end(text);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const backlog = options.maxStreamBacklog ?? MAX_STREAM_BACKLOG;
  const stalledMs = options.stalledMs ?? STALLED_MS;
  const clients = new Set<http.ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, 'Forbidden: this server answers only to its own loopback address.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return send(res, 403, 'Forbidden: requests from other sites are refused.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const bearer = bearerToken(req.headers.authorization);
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && queryToken !== undefined && sameToken(queryToken, token)) {
      // First visit: trade the token in the URL for a cookie and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
      });
      res.end();
      return;
    }
    if (!sameToken(bearer ?? cookieToken(req.headers.cookie), token)) {
      return send(res, 401, 'Unauthorized: open the SWITCHYARD_URL that `npm run serve` printed; it carries the access token.');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, { error: { code: 'failed', message: 'API calls are POST requests.' } });
      // A form or a text/plain fetch from elsewhere is a "simple" request a browser sends without asking: refused.
      if (!isJson(req.headers['content-type'])) return send(res, 415, { error: { code: 'invalid_params', message: 'API calls carry a JSON body (Content-Type: application/json).' } });
      return call(url.pathname.slice('/api/'.length), req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    return serveStatic(url.pathname, res);
  }

  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    // A page that stopped reading (a frozen tab) is cut rather than allowed to fill memory; it
    // reconnects and catches up from its cursors. A page that reads, however much it is sent at
    // once (a long transcript's catch-up), drains within seconds, and is cut only past a hard bound.
    let drainedAt = Date.now();
    res.on('drain', () => (drainedAt = Date.now()));
    const stream = options.streams.open((event) => {
      if (res.destroyed) return false;
      res.write(`data: ${JSON.stringify(event)}\n\n`);
      const unsent = res.writableLength;
      if (unsent <= backlog || (unsent <= backlog * 16 && Date.now() - drainedAt < stalledMs)) return true;
      res.destroy();
      return false;
    });
    const hello: StreamHello = { stream: stream.id };
    res.write(`event: hello\ndata: ${JSON.stringify(hello)}\n\n`);
    clients.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const end = () => {
      clearInterval(keepAlive);
      clients.delete(res);
      stream.close();
      if (!res.destroyed) res.destroy();
    };
    res.on('close', end);
    req.on('close', end);
  }

  async function call(method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return send(res, 413, { error: { code: 'invalid_params', message: `${method}: the request is larger than ${MAX_BODY} bytes` } });
      chunks.push(chunk as Buffer);
    }
    let params: unknown = {};
    if (size > 0) {
      try {
        params = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, { error: { code: 'invalid_params', message: `${method}: the request body is not JSON` } });
      }
    }
    try {
      send(res, 200, { result: await options.dispatch(method, params) });
    } catch (error) {
      const body = DeskError.from(error).toBody();
      send(res, HTTP_STATUS[body.code], { error: body });
    }
  }

  async function serveStatic(pathname: string, res: http.ServerResponse): Promise<void> {
    const root = path.resolve(options.staticDir);
    let file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(root + path.sep) && file !== root) return send(res, 403, 'Forbidden');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) file = path.join(root, 'index.html');
    try {
      const content = await readFile(file);
      // The build names each asset by its content, so an asset may be kept for good: the page (and the code compiled from it) is reused on every later start.
      const cache = file.startsWith(path.join(root, 'assets') + path.sep) ? { 'cache-control': 'private, max-age=31536000, immutable' } : {};
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...cache });
      res.end(content);
    } catch {
      send(res, 503, `The Switchyard interface is not built (nothing in ${root}); the desk API answers at /api/<method>.`);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, { error: { code: 'failed', message: error.message } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} is already in use; pass another --port or leave it out for a free one`) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
