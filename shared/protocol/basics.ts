/**
 * What every part of the daemon protocol shares: modes, statuses, error codes and the
 * capabilities a daemon announces. The protocol itself is described in docs/protocol.md.
 */
import { z } from 'zod';

export const DEFAULT_DAEMON_PORT = 9100;

export const MODES = ['auto', 'code', 'plan', 'ask'] as const;
export const Mode = z.enum(MODES);
export type Mode = z.infer<typeof Mode>;

export const SESSION_STATUSES = ['idle', 'busy', 'error', 'destroyed'] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** A status or mode a daemon sent that this app does not know: kept, and shown as unknown. */
export type Known<T extends string> = T | 'unknown';

export function knownStatus(value: unknown): Known<SessionStatus> {
  return (SESSION_STATUSES as readonly unknown[]).includes(value) ? (value as SessionStatus) : 'unknown';
}

export function knownMode(value: unknown): Known<Mode> {
  return (MODES as readonly unknown[]).includes(value) ? (value as Mode) : 'unknown';
}

/** JSON-RPC error codes the daemons use. */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  /** Any other failure of a method (Part 1 daemons also use it for an unknown session). */
  application: -32000,
  /** Switchyard's daemon: no session with that id. */
  sessionNotFound: -32004,
  /** Switchyard's daemon: an approval request that is unknown or already settled. */
  requestNotPending: -32005,
  /** Switchyard's daemon: `session.create` for a folder that does not exist (pass `createFolder` to have it created). */
  folderMissing: -32006,
} as const;

/** Capabilities of the protocol's Part 2, announced by `health.check`. */
export const CAPABILITIES = [
  'seq',
  'attach',
  'history',
  'modes',
  'partial',
  'tool_result',
  'persist',
  'fallback',
  'queue-buffer',
  'models',
  'approvals',
  'claude-status',
  'dequeue',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The payload that ends every `session.send` / `session.attach` stream. */
export const STREAM_DONE = '[DONE]';
