/** What a daemon's HTTP answer means: a result, a JSON-RPC error, or a failed exchange, said exactly. */
import type { StreamEvent } from '../../shared/protocol.js';
import { DaemonConnectionError, DaemonError, describeNetworkError, excerpt } from './errors.js';
import { streamError } from './event-parsing.js';

export interface Exchange {
  port: number;
  method: string;
  /** How messages name where the call went (`127.0.0.1:<port>`, or a base URL's host). */
  where: string;
}

/** The `result` of a JSON-RPC answer; throws DaemonError for an `error`, DaemonConnectionError for anything else. */
export function decodeRpcAnswer(answer: { status: number; contentType: string; body: string }, exchange: Exchange): unknown {
  const { port, method, where } = exchange;
  const { status, contentType, body } = answer;
  if (status !== 200) {
    const hint = status === 413 ? ' (the request is larger than the daemon accepts; old daemons take 100 kB)' : '';
    throw new DaemonConnectionError(port, method, 'http_status', `HTTP ${status}${hint}: ${excerpt(body)}`, status, { where });
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new DaemonConnectionError(port, method, 'not_json', `answer is not JSON (${contentType || 'no content-type'}): ${excerpt(body)}`, status, { where });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DaemonConnectionError(port, method, 'not_json', `answer is not a JSON-RPC object: ${excerpt(body)}`, status, { where });
  }
  const { error } = value as { error?: { code?: unknown; message?: unknown } };
  if (error !== undefined && error !== null) {
    const code = typeof error.code === 'number' ? error.code : -32000;
    const message = typeof error.message === 'string' ? error.message : excerpt(JSON.stringify(error));
    throw new DaemonError(code, message, method, port);
  }
  if (!('result' in value)) {
    throw new DaemonConnectionError(port, method, 'bad_result', `answer has neither "result" nor "error": ${excerpt(body)}`, status, { where });
  }
  return (value as { result: unknown }).result;
}

/** A stream method answered with something other than a stream: the one error event that says exactly what. */
export async function nonStreamAnswer(
  status: number,
  contentType: string,
  body: { text(): Promise<string> },
  exchange: Exchange,
  stopped: (fallback: string) => StreamEvent,
): Promise<StreamEvent> {
  let text: string;
  try {
    text = await body.text();
  } catch (error) {
    return stopped(`the answer broke off: ${describeNetworkError(error).text}`);
  }
  const { method, where } = exchange;
  try {
    decodeRpcAnswer({ status, contentType, body: text }, exchange);
  } catch (error) {
    if (error instanceof DaemonError) return streamError('rpc_error', `${method} on ${where}: ${error.message}`, error.code);
    if (error instanceof DaemonConnectionError) return streamError(error.failure === 'http_status' ? 'http_status' : 'bad_response', error.message);
    throw error;
  }
  return streamError('bad_response', `${method} on ${where}: expected an event stream, got a JSON result: ${excerpt(text)}`);
}
