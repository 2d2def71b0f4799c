/**
 * The preload: exposes the desk API to the page as named functions, one per table entry, and
 * the window's event stream. Never a generic invoke(channel): the page cannot reach any other
 * IPC channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESK_METHOD_NAMES, EVENT_CHANNEL, EVENTS_CLOSE_CHANNEL, EVENTS_OPEN_CHANNEL, functionName, NOTIFICATION_CLICK_CHANNEL, NOTIFY_CHANNEL, type DeskEvent, type ShellNote, type StreamHello } from '../../shared/desk-api.js';

type Answer = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

const api: Record<string, unknown> = {};
for (const method of DESK_METHOD_NAMES) {
  api[functionName(method)] = async (params: unknown) => {
    const answer = (await ipcRenderer.invoke(`desk:${method}`, params ?? {})) as Answer;
    if (answer.ok) return answer.result;
    throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  };
}
api.openEvents = (handlers: { onHello: (hello: StreamHello) => void; onEvent: (event: DeskEvent) => void }) => {
  let stream: string | undefined;
  // Events may overtake the answer that names their stream: they wait for it.
  let early: { stream: string; event: DeskEvent }[] = [];
  const handler = (_event: unknown, message: { stream: string; event: DeskEvent }) => {
    if (stream === undefined) early.push(message);
    else if (message.stream === stream) handlers.onEvent(message.event);
  };
  ipcRenderer.on(EVENT_CHANNEL, handler);
  void (ipcRenderer.invoke(EVENTS_OPEN_CHANNEL) as Promise<StreamHello>).then((hello) => {
    stream = hello.stream;
    handlers.onHello(hello);
    for (const message of early) if (message.stream === stream) handlers.onEvent(message.event);
    early = [];
  });
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    if (stream !== undefined) void ipcRenderer.invoke(EVENTS_CLOSE_CHANNEL, stream);
  };
};

api.notify = async (note: ShellNote) => {
  await ipcRenderer.invoke(NOTIFY_CHANNEL, note);
};
let onNotificationClick: ((tag: string) => void) | undefined;
ipcRenderer.on(NOTIFICATION_CLICK_CHANNEL, (_event, tag: unknown) => {
  if (typeof tag === 'string') onNotificationClick?.(tag);
});
api.onNotificationClick = (handler: (tag: string) => void) => {
  onNotificationClick = handler;
};

contextBridge.exposeInMainWorld('desk', Object.freeze(api));
