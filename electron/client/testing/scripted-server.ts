import net from 'node:net';
import { DaemonClient, type DaemonClientOptions } from '../daemon-client.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

export type ScriptedHandler = (request: ReceivedRequest, socket: net.Socket) => unknown;

/**
 * A loopback HTTP server that writes exact bytes: each handler gets the parsed request and the
 * raw socket, so a test controls status lines, headers, framing, chunking and cuts.
 */
export class ScriptedServer {
  readonly requests: ReceivedRequest[] = [];
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(handler: ScriptedHandler): Promise<ScriptedServer> {
    let self: ScriptedServer | undefined;
    const server = net.createServer((socket) => {
      self?.sockets.add(socket);
      socket.on('close', () => self?.sockets.delete(socket));
      socket.on('error', () => undefined);
      readRequests(socket, (request) => {
        self?.requests.push(request);
        void Promise.resolve(handler(request, socket)).catch(() => socket.destroy());
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address() as net.AddressInfo;
    self = new ScriptedServer(server, address.port);
    return self;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Parses HTTP/1.1 requests with Content-Length bodies from a socket, one after another. */
function readRequests(socket: net.Socket, onRequest: (request: ReceivedRequest) => void): void {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const head = buffer.subarray(0, headerEnd).toString('latin1').split('\r\n');
      const [method = '', path = ''] = (head[0] ?? '').split(' ');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (buffer.length < headerEnd + 4 + length) return;
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      onRequest({ method, path, headers, body, json });
    }
  });
}

/** A complete HTTP/1.1 response with a Content-Length body. */
export function httpResponse(status: number, contentType: string, body: string, reason = 'OK'): string {
  const bytes = Buffer.byteLength(body);
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${bytes}\r\nConnection: keep-alive\r\n\r\n${body}`;
}

export function jsonRpcResult(result: unknown, id: unknown = '1'): string {
  return httpResponse(200, 'application/json', JSON.stringify({ result, id }));
}

export function jsonRpcError(code: number, message: string, id: unknown = '1'): string {
  return httpResponse(200, 'application/json', JSON.stringify({ error: { code, message }, id }));
}

/** Headers of an SSE answer whose body runs until the socket is ended (no length, no chunking). */
export const SSE_HEAD =
  'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n';

/** Writes and waits until the bytes have left this process, so separate writes stay separate reads. */
export async function writeAndFlush(socket: net.Socket, data: string | Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * One scripted server and one DaemonClient per test, both closed after it: call with vitest's
 * afterEach, get back `setup(handler, options?)`.
 */
export function useScriptedClient(afterEach: (cleanup: () => Promise<void>) => void) {
  let server: ScriptedServer | undefined;
  let client: DaemonClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.stop();
    client = undefined;
    server = undefined;
  });
  return async (handler: ScriptedHandler, options?: DaemonClientOptions) => {
    server = await ScriptedServer.start(handler);
    client = new DaemonClient(options);
    return { server, client, port: server.port };
  };
}
