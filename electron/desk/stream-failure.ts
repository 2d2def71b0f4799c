/**
 * What went wrong with a session's stream, in the terms SessionStream acts on: a stream that
 * ended without its turn's end, whether trying again can help, and why a daemon did not take a
 * message (as the DeskError a window acts on).
 */
import { RpcErrorCode, type ErrorEvent, type StreamErrorReason, type StreamEvent } from '../../shared/protocol.js';
import { DaemonConnectionError, DaemonError } from '../client/index.js';
import { DeskError } from './desk-error.js';

/** A stream ended without the turn's end: it broke, timed out, or the daemon refused it. */
export class StreamBroke extends Error {
  constructor(
    message: string,
    readonly reason: StreamErrorReason | undefined,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

/** Errors after which trying again later can help: a broken connection, a stream that ended early. */
export function retryable(error: unknown): boolean {
  if (error instanceof DaemonConnectionError) return error.failure !== 'closed';
  return error instanceof StreamBroke;
}

export function codeOf(error: unknown): number | undefined {
  if (error instanceof DaemonError) return error.code;
  if (error instanceof StreamBroke) return error.code;
  return undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why the daemon did not take a message, as a DeskError the window can act on: the daemon
 * refused it (its JSON-RPC error, or an HTTP error), or it never got there (not connected).
 */
export function refusal(event: StreamEvent | undefined): DeskError {
  const error = event?.type === 'error' ? (event as ErrorEvent) : undefined;
  const message = error?.message ?? 'the daemon did not answer';
  if (error?.code === RpcErrorCode.sessionNotFound) return new DeskError('session_lost', message);
  if (error?.reason === 'rpc_error' || error?.reason === 'http_status' || error?.reason === 'bad_response') return new DeskError('daemon_error', message);
  return new DeskError('not_connected', message);
}
