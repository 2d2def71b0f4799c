/**
 * A scripted stand-in for the Anthropic Messages API, for running the real Claude CLI offline:
 * the HTTP side (HEAD /, POST /v1/messages answered with the Messages API's SSE sequence).
 * What it answers is decided by the directive table in model-script.ts, which lists the
 * directives a test's message can hold (say, bash, write, edit, plan, ask, tasks, ...).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay } from '../../shared/clock.js';
import { decideReply, type Block, type MessagesRequest, type Reply } from './model-script.js';

export type { MessagesRequest } from './model-script.js';

export interface ModelServer {
  port: number;
  url: string;
  /** Every /v1/messages request body, in order. */
  requests: MessagesRequest[];
  close(): Promise<void>;
}

/** Ids only: what a reply says never depends on a counter. */
let counter = 0;
const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}`;

function splitText(text: string): string[] {
  if (text.length <= 12) return [text];
  const third = Math.ceil(text.length / 3);
  return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)];
}

async function streamReply(res: http.ServerResponse, model: string, reply: Extract<Reply, { blocks: Block[] }>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': nextId('req') });
  const send = (type: string, data: object) => {
    if (!res.destroyed) res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  const usage = { input_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  send('message_start', {
    message: { id: nextId('msg'), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage },
  });
  let outputTokens = 0;
  for (const [index, block] of reply.blocks.entries()) {
    if (block.kind === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of block.pieces ?? splitText(block.text)) {
        if (res.destroyed) return;
        if (block.delayMs) await delay(block.delayMs);
        send('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
        outputTokens += 1;
      }
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: nextId('toolu'), name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      const half = Math.ceil(json.length / 2);
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(0, half) } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(half) } });
      outputTokens += 5;
    }
    send('content_block_stop', { index });
  }
  if (reply.stall) {
    await new Promise((resolve) => res.once('close', resolve));
    return;
  }
  send('message_delta', { delta: { stop_reason: reply.stop, stop_sequence: null }, usage: { output_tokens: outputTokens } });
  send('message_stop', {});
  res.end();
}

export async function startModelServer(): Promise<ModelServer> {
  const requests: MessagesRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'HEAD' || req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end();
        return;
      }
      if (!req.url?.startsWith('/v1/messages') || req.url.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not scripted' } }));
        return;
      }
      let request: MessagesRequest;
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesRequest;
      } catch {
        res.writeHead(400).end();
        return;
      }
      requests.push(request);
      const reply = decideReply(request);
      if ('error' in reply) {
        res
          .writeHead(reply.error, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: 'error', error: { type: reply.error === 529 ? 'overloaded_error' : reply.error >= 500 ? 'api_error' : 'invalid_request_error', message: reply.message } }));
        return;
      }
      void streamReply(res, request.model ?? 'claude-scripted', reply).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
