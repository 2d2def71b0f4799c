/**
 * The preload: exposes the desk API to the page as named functions, one per table entry, and
 * onEvent. Never a generic invoke(channel): the page cannot reach any other IPC channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESK_METHOD_NAMES, functionName, type DeskEvent } from '../../shared/desk-api.js';

type Answer = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

const api: Record<string, unknown> = {};
for (const method of DESK_METHOD_NAMES) {
  api[functionName(method)] = async (params: unknown) => {
    const answer = (await ipcRenderer.invoke(`desk:${method}`, params ?? {})) as Answer;
    if (answer.ok) return answer.result;
    throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  };
}
api.onEvent = (listener: (event: DeskEvent) => void) => {
  const handler = (_event: unknown, payload: DeskEvent) => listener(payload);
  ipcRenderer.on('desk:event', handler);
  return () => ipcRenderer.removeListener('desk:event', handler);
};

contextBridge.exposeInMainWorld('desk', Object.freeze(api));
