/**
 * What an event says about its turn, without the schemas: the window's transcript reducer uses
 * these, and loading zod and every schema for them would slow every start.
 */
import type { StreamEvent } from './events.js';

/** The user's message that begins a turn (Switchyard's daemon echoes it). */
export function userMessageOf(event: StreamEvent): string | undefined {
  return event.type === 'system' && event.subtype === 'user_message' && typeof event.content === 'string' ? event.content : undefined;
}

/** A turn ends with its result, an interrupt, or an error the daemon reported (not a broken stream). */
export function endsTurn(event: StreamEvent): boolean {
  return event.type === 'result' || event.type === 'interrupted' || (event.type === 'error' && event.reason === undefined);
}
