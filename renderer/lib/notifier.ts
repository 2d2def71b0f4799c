/**
 * A notification outside the page. Electron shows the OS notification through the preload;
 * a browser uses the Notification API, asking for permission the first time one is needed.
 * A click brings the window forward and hands the notification's tag back to `onClick`.
 */
import type { DeskBridge, ShellNote } from '../../shared/desk-api.js';

export interface Notifier {
  notify(note: ShellNote): void;
}

export function createNotifier(onClick: (tag: string) => void): Notifier {
  const bridge: DeskBridge | undefined = window.desk;
  if (bridge) {
    bridge.onNotificationClick(onClick);
    return { notify: (note) => void bridge.notify(note).catch(() => undefined) };
  }
  if (typeof Notification === 'undefined') return { notify: () => undefined };
  let asked: Promise<NotificationPermission> | null = null;
  const allowed = (): Promise<NotificationPermission> => {
    if (Notification.permission !== 'default') return Promise.resolve(Notification.permission);
    asked ??= Notification.requestPermission().finally(() => (asked = null));
    return asked;
  };
  return {
    notify(note) {
      void allowed().then((permission) => {
        if (permission !== 'granted') return;
        const shown = new Notification(note.title, { body: note.body, tag: note.tag });
        shown.onclick = () => {
          window.focus();
          shown.close();
          onClick(note.tag);
        };
      });
    },
  };
}
