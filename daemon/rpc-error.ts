import { RpcErrorCode } from '../shared/protocol.js';

/** An error the daemon answers with as JSON-RPC `{error: {code, message}}`. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  static sessionNotFound(sessionId: string): RpcError {
    return new RpcError(RpcErrorCode.sessionNotFound, `Session not found: ${sessionId}`);
  }

  static invalidParams(message: string): RpcError {
    return new RpcError(RpcErrorCode.invalidParams, message);
  }
}
