/**
 * Every call from the renderer, whichever transport carried it, goes through here: the method
 * must be in the table, its params must pass the table's schema, then its handler runs. A
 * failure always comes out as a DeskError, with a code the renderer can act on.
 */
import { DESK_METHODS, describeParamsError } from '../../shared/desk-api.js';
import type { DeskHandlers } from './desk-handlers.js';
import { DeskError } from './desk-error.js';

export type DeskDispatch = (method: string, params: unknown) => Promise<unknown>;

export function createDispatch(handlers: DeskHandlers): DeskDispatch {
  return async (method, params) => {
    if (!Object.hasOwn(DESK_METHODS, method)) throw new DeskError('unknown_method', `Unknown method "${method}".`);
    const name = method as keyof typeof DESK_METHODS;
    const parsed = DESK_METHODS[name].params.safeParse(params ?? {});
    if (!parsed.success) throw new DeskError('invalid_params', describeParamsError(method, parsed.error));
    try {
      return await (handlers[name] as (p: unknown) => Promise<unknown>)(parsed.data);
    } catch (error) {
      throw DeskError.from(error);
    }
  };
}

/** What an IPC call looks like to the binding (Electron's IpcMainInvokeEvent, reduced). */
export interface IpcCallSource {
  senderFrame: { url: string } | null;
  /** True when the call comes from the app's own window, not another webContents. */
  fromAppWindow: boolean;
}

export type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * The main-side binding of the table for Electron IPC: one channel per method
 * (`desk:<method>`), calls accepted only from the app's own top frame, every input checked.
 */
export function ipcHandlers(dispatch: DeskDispatch, appOrigin: string): { channel: string; handle: (source: IpcCallSource, params: unknown) => Promise<IpcAnswer> }[] {
  return Object.keys(DESK_METHODS).map((method) => ({
    channel: `desk:${method}`,
    handle: async (source, params) => {
      const frameUrl = source.senderFrame?.url ?? '';
      // A call from anywhere else gets no answer at all, only a refusal.
      if (!source.fromAppWindow || !frameUrl.startsWith(appOrigin)) {
        throw new DeskError('failed', `Refused ${method}: the call did not come from Switchyard's own window (${frameUrl || 'unknown frame'}).`);
      }
      try {
        return { ok: true, result: await dispatch(method, params) };
      } catch (error) {
        return { ok: false, error: DeskError.from(error).toBody() };
      }
    },
  }));
}
