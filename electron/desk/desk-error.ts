/** A failed desk call with a code the renderer can act on (DESK_ERROR_CODES) beside its words. */
import type { DeskErrorBody, DeskErrorCode } from '../../shared/desk-api.js';
import { RpcErrorCode } from '../../shared/protocol.js';
import { DaemonConnectionError, DaemonError } from '../client/index.js';

export class DeskError extends Error {
  override readonly name = 'DeskError';
  constructor(
    readonly code: DeskErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody(): DeskErrorBody {
    return { code: this.code, message: this.message };
  }

  /** Any failure as a DeskError: daemon refusals and broken exchanges keep what they were. */
  static from(error: unknown): DeskError {
    if (error instanceof DeskError) return error;
    if (error instanceof DaemonError) {
      return new DeskError(error.code === RpcErrorCode.sessionNotFound ? 'session_lost' : 'daemon_error', error.message, { cause: error });
    }
    if (error instanceof DaemonConnectionError) return new DeskError('not_connected', error.message, { cause: error });
    return new DeskError('failed', error instanceof Error ? error.message : String(error), { cause: error });
  }
}
