/** The daemon answered with a JSON-RPC error: the request reached it and was refused. */
export class DaemonError extends Error {
  override readonly name = 'DaemonError';
  constructor(
    readonly code: number,
    message: string,
    readonly method: string,
    readonly port: number,
  ) {
    super(message);
  }
}

export type ConnectionFailure =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'http_status'
  | 'not_json'
  | 'bad_result'
  | 'closed'
  | 'other';

/**
 * The exchange itself failed: nothing answered, the connection broke, the answer was not
 * a JSON-RPC response, or its result did not have the expected shape. The message names the
 * port, the method and what happened, so it can be shown to a person as it is.
 */
export class DaemonConnectionError extends Error {
  override readonly name = 'DaemonConnectionError';
  constructor(
    readonly port: number,
    readonly method: string,
    readonly failure: ConnectionFailure,
    detail: string,
    readonly status?: number,
    options?: { cause?: unknown; where?: string },
  ) {
    super(`${method} on ${options?.where ?? `127.0.0.1:${port}`}: ${detail}`, options);
  }
}

/** At most `max` characters of a body, on one line, for error messages. */
export function excerpt(body: string, max = 200): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty body)';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const NETWORK_CODES: Record<string, { failure: ConnectionFailure; text: string }> = {
  ECONNREFUSED: { failure: 'refused', text: 'connection refused: no daemon or tunnel is listening on this port' },
  ECONNRESET: { failure: 'reset', text: 'connection reset by the daemon or the tunnel' },
  EPIPE: { failure: 'reset', text: 'connection closed while sending the request' },
  UND_ERR_SOCKET: { failure: 'reset', text: 'connection closed by the other side' },
  ETIMEDOUT: { failure: 'timeout', text: 'connection timed out' },
  EHOSTUNREACH: { failure: 'refused', text: 'host unreachable' },
};

/** Maps an undici / Node network error to what a person should read. */
export function describeNetworkError(error: unknown): { failure: ConnectionFailure; text: string } {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: string }).code;
    if (code && NETWORK_CODES[code]) return NETWORK_CODES[code];
    current = (current as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { failure: 'other', text: `request failed: ${message}` };
}
