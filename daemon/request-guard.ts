/**
 * The daemon's door. A web page in the developer's browser can reach a loopback port: with a
 * "simple" POST (text/plain, no preflight) it could start Claude, and after DNS rebinding
 * (a name of its own resolving to 127.0.0.1) it could read the answers too. Head nodes send
 * application/json, a loopback Host and no Origin; browsers always send an Origin on POST and
 * the page's own name as Host. So whatever a browser would send differently is refused.
 */
import type { IncomingMessage } from 'node:http';
import { bearerToken, sameToken } from '../shared/node/token.js';

export interface Refusal {
  status: 401 | 403 | 415;
  message: string;
}

export interface GuardOptions {
  token: string | undefined;
  /** Bound to a non-loopback address: clients name the host as they reach it, and the token guards the door. */
  anyHost: boolean;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The host part of a Host header: any port, since tunnels change it. */
function hostName(header: string): string {
  const name = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.replace(/:\d*$/, '');
  return name.toLowerCase();
}

/** Why the request may not come in, or undefined when it may. */
export function refusal(req: IncomingMessage, options: GuardOptions): Refusal | undefined {
  const host = req.headers.host;
  if (!options.anyHost && (host === undefined || !LOOPBACK_NAMES.has(hostName(host)))) {
    const named = host === undefined ? 'no Host header' : `Host "${hostName(host)}"`;
    return { status: 403, message: `Forbidden: ${named}; this daemon answers only requests addressed to a loopback name (127.0.0.1, localhost, [::1]), which a web page cannot send` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    return { status: 403, message: `Forbidden: a request with Origin "${origin}" comes from a web page; head nodes send no Origin` };
  }
  if (options.token && !sameToken(bearerToken(req.headers.authorization), options.token)) {
    return { status: 401, message: 'Unauthorized: send "Authorization: Bearer <token>" with the token from the daemon\'s --token-file' };
  }
  return undefined;
}

/** Why the body may not be read, or undefined when it is JSON. */
export function contentTypeRefusal(req: IncomingMessage): Refusal | undefined {
  const type = req.headers['content-type'];
  const media = type?.split(';')[0]!.trim().toLowerCase();
  if (media === 'application/json') return undefined;
  const named = type === undefined ? 'no content type' : `content type "${type}"`;
  return { status: 415, message: `Unsupported media type: ${named}; send the JSON-RPC body as application/json` };
}
