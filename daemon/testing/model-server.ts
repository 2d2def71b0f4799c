/**
 * A scripted stand-in for the Anthropic Messages API, for running the real Claude CLI offline.
 * Only the model is scripted: each reply is decided from the request's content (never from a
 * counter, so extra calls by the CLI cannot desynchronise a script). Directives in the user's
 * latest message:
 *   `say: <text>`                reply with exactly <text>
 *   `bash: <command>`            call the Bash tool; once its result arrives, answer `Tool said: <output>`
 *   `slow: <n> <ms>`             stream n numbered words, one every <ms> ms (for interrupts and drops)
 *   `api-error`                  answer HTTP 400 with an API error body
 *   `http-error: <status>`       answer that HTTP status (500, 529...) with an API error body
 *   `stall: <n>`                 stream n numbered words, then nothing more until the client goes
 *   anything else                reply `Echo: <the message>`
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay } from '../../shared/clock.js';

export interface ModelServer {
  port: number;
  url: string;
  /** Every /v1/messages request body, in order. */
  requests: MessagesRequest[];
  close(): Promise<void>;
}

interface ContentBlock {
  type: string;
  text?: string;
  content?: unknown;
  tool_use_id?: string;
}
interface Message {
  role: string;
  content: string | ContentBlock[];
}
export interface MessagesRequest {
  model?: string;
  messages?: Message[];
  system?: unknown;
  stream?: boolean;
}

type Block = { kind: 'text'; text: string; delayMs?: number; pieces?: string[] } | { kind: 'tool'; name: string; input: unknown };
/** `stall`: after its blocks the reply sends nothing more, and never ends, until the client goes. */
type Reply = { blocks: Block[]; stop: 'end_turn' | 'tool_use'; stall?: boolean } | { error: number; message: string };

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}`;

function blocksOf(message: Message): ContentBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

function toolResultText(block: ContentBlock): string {
  if (typeof block.content === 'string') return block.content;
  if (Array.isArray(block.content)) {
    return block.content.map((part: { text?: string }) => part.text ?? '').join('');
  }
  return '';
}

/** The latest real user turn: role "system" entries in the middle are skipped. */
function latestUserMessage(request: MessagesRequest): Message | undefined {
  const messages = request.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') return messages[i];
  }
  return undefined;
}

export function decideReply(request: MessagesRequest): Reply {
  const last = latestUserMessage(request);
  if (!last) return { blocks: [{ kind: 'text', text: 'Hello.' }], stop: 'end_turn' };
  const blocks = blocksOf(last);
  // The user's own words are the last text block that is not a system reminder or an interruption marker.
  const text =
    blocks
      .filter((block) => block.type === 'text' && typeof block.text === 'string' && !block.text.startsWith('<system-reminder>') && !block.text.startsWith('[Request interrupted'))
      .map((block) => block.text!)
      .at(-1) ?? '';
  const toolResult = blocks.find((block) => block.type === 'tool_result');
  // After an interrupted tool the CLI sends the tool's result and the user's next words together: the words win.
  if (toolResult && !text.trim()) {
    const output = toolResultText(toolResult).trim().split('\n')[0] ?? '';
    return { blocks: [{ kind: 'text', text: `Tool said: ${output}` }], stop: 'end_turn' };
  }
  const directive = /^(say|bash|slow|stall|http-error):\s?([\s\S]*)$/m.exec(text.trim());
  if (text.includes('api-error')) return { error: 400, message: 'scripted API error: the request was refused' };
  if (directive?.[1] === 'http-error') {
    const status = Number(directive[2]!.trim()) || 500;
    return { error: status, message: `scripted API error: HTTP ${status}` };
  }
  if (directive?.[1] === 'stall') {
    const pieces = Array.from({ length: Number(directive[2]!.trim()) || 3 }, (_, i) => `w${i + 1} `);
    return { blocks: [{ kind: 'text', text: pieces.join(''), pieces, delayMs: 20 }], stop: 'end_turn', stall: true };
  }
  if (directive?.[1] === 'say') return { blocks: [{ kind: 'text', text: directive[2]! }], stop: 'end_turn' };
  if (directive?.[1] === 'bash') {
    return {
      blocks: [
        { kind: 'text', text: 'Running a command.' },
        { kind: 'tool', name: 'Bash', input: { command: directive[2]!.trim(), description: 'Scripted command' } },
      ],
      stop: 'tool_use',
    };
  }
  if (directive?.[1] === 'slow') {
    const [count = 10, delayMs = 100] = directive[2]!.trim().split(/\s+/).map(Number);
    const pieces = Array.from({ length: count }, (_, i) => `w${i + 1} `);
    return { blocks: [{ kind: 'text', text: pieces.join(''), pieces, delayMs }], stop: 'end_turn' };
  }
  return { blocks: [{ kind: 'text', text: `Echo: ${text.trim()}` }], stop: 'end_turn' };
}

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
