/**
 * Every call from the renderer, whichever transport carried it, goes through here: the method
 * must be in the table, its params must pass the table's schema, then its handler runs.
 */
import { DESK_METHODS, describeParamsError, type DeskErrorBody } from '../../shared/desk-api.js';
import type { DeskHandlers } from './desk-handlers.js';

export class DeskCallError extends Error {
  constructor(
    readonly code: DeskErrorBody['code'],
    message: string,
  ) {
    super(message);
  }

  toBody(): DeskErrorBody {
    return { code: this.code, message: this.message };
  }
}

export type DeskDispatch = (method: string, params: unknown) => Promise<unknown>;

export function createDispatch(handlers: DeskHandlers): DeskDispatch {
  return async (method, params) => {
    if (!Object.hasOwn(DESK_METHODS, method)) throw new DeskCallError('unknown_method', `Unknown method "${method}".`);
    const name = method as keyof typeof DESK_METHODS;
    const parsed = DESK_METHODS[name].params.safeParse(params ?? {});
    if (!parsed.success) throw new DeskCallError('invalid_params', describeParamsError(method, parsed.error));
    try {
      return await (handlers[name] as (p: unknown) => Promise<unknown>)(parsed.data);
    } catch (error) {
      throw new DeskCallError('failed', error instanceof Error ? error.message : String(error));
    }
  };
}

/** What an IPC call looks like to the binding (Electron's IpcMainInvokeEvent, reduced). */
export interface IpcCallSource {
  senderFrame: { url: string } | null;
  /** True when the call comes from the app's own window, not another webContents. */
  fromAppWindow: boolean;
}

/**
 * The main-side binding of the table for Electron IPC: one channel per method
 * (`desk:<method>`), calls accepted only from the app's own top frame, every input checked.
 */
export function ipcHandlers(dispatch: DeskDispatch, appOrigin: string): { channel: string; handle: (source: IpcCallSource, params: unknown) => Promise<unknown> }[] {
  return Object.keys(DESK_METHODS).map((method) => ({
    channel: `desk:${method}`,
    handle: async (source, params) => {
      const frameUrl = source.senderFrame?.url ?? '';
      if (!source.fromAppWindow || !frameUrl.startsWith(appOrigin)) {
        throw new DeskCallError('failed', `Refused ${method}: the call did not come from Switchyard's own window (${frameUrl || 'unknown frame'}).`);
      }
      try {
        return { ok: true, result: await dispatch(method, params) };
      } catch (error) {
        return { ok: false, error: error instanceof DeskCallError ? error.toBody() : { code: 'failed', message: String(error) } };
      }
    },
  }));
}
