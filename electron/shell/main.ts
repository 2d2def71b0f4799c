/**
 * The Electron shell: one hardened window on the desk. The only module (with preload.ts) that
 * imports electron; everything it shows comes from the desk through the typed IPC binding.
 */
import { BrowserWindow, Menu, Notification, app, ipcMain, net, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_CHANNEL, EVENTS_CLOSE_CHANNEL, EVENTS_OPEN_CHANNEL, NOTIFICATION_CLICK_CHANNEL, NOTIFY_CHANNEL, ShellNote, type StreamHello } from '../../shared/desk-api.js';
import { ipcHandlers } from '../desk/desk-dispatch.js';
import { WindowState } from './window-state.js';
import { openDesk } from '../desk/open-desk.js';
import { APP_ORIGIN, navigationDecision, permissionDecision, securityHeaders, windowOpenDecision, windowOptions, type WindowBounds } from './window-options.js';

// codeCache: V8 keeps the renderer's compiled code between starts, as it does for http(s).
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

async function start(): Promise<void> {
  await app.whenReady();
  const { desk, dispatch, rendererDir } = await openDesk('electron');
  const windowState = new WindowState(path.join(desk.options.dataDir, 'window.json'));
  const bounds: WindowBounds = await windowState.load();

  protocol.handle('app', (request) => {
    const { pathname } = new URL(request.url);
    const file = path.resolve(rendererDir, `.${decodeURIComponent(pathname)}`);
    const inside = file.startsWith(rendererDir + path.sep);
    return net.fetch(pathToFileURL(inside && path.extname(file) ? file : path.join(rendererDir, 'index.html')).toString());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionDecision(permission, details.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, ...securityHeaders() } });
  });

  const preload = path.join(path.dirname(new URL(import.meta.url).pathname), 'preload.cjs');
  const win = new BrowserWindow(windowOptions(preload, bounds));
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (navigationDecision(url).openExternally) void shell.openExternal(url);
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url).openExternally) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const saveBounds = () => windowState.save(win.getNormalBounds());
  win.on('resize', saveBounds);
  win.on('move', saveBounds);
  win.once('ready-to-show', () => win.show());

  for (const { channel, handle } of ipcHandlers(dispatch, APP_ORIGIN)) {
    ipcMain.handle(channel, (event, params) =>
      handle({ senderFrame: event.senderFrame, fromAppWindow: event.sender === win.webContents && event.senderFrame === win.webContents.mainFrame }, params),
    );
  }
  // The window's event streams: one per page load, closed when the page goes.
  const streams = new Set<string>();
  const closeStreams = () => {
    for (const id of streams) desk.closeChannel(id);
    streams.clear();
  };
  const fromWindow = (event: Electron.IpcMainInvokeEvent) =>
    event.sender === win.webContents && event.senderFrame === win.webContents.mainFrame && (event.senderFrame?.url ?? '').startsWith(APP_ORIGIN);
  ipcMain.handle(EVENTS_OPEN_CHANNEL, (event): StreamHello | null => {
    if (!fromWindow(event)) return null;
    const channel = desk.openChannel((deskEvent) => {
      if (win.isDestroyed()) return false;
      win.webContents.send(EVENT_CHANNEL, { stream: channel.id, event: deskEvent });
      return true;
    });
    streams.add(channel.id);
    return { stream: channel.id };
  });
  ipcMain.handle(EVENTS_CLOSE_CHANNEL, (event, id: unknown) => {
    if (!fromWindow(event) || typeof id !== 'string' || !streams.delete(id)) return;
    desk.closeChannel(id);
  });
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) closeStreams();
  });
  win.webContents.on('render-process-gone', closeStreams);
  win.on('closed', closeStreams);

  // Held until clicked or closed: a notification that is garbage-collected loses its click.
  const notes = new Set<Notification>();
  ipcMain.handle(NOTIFY_CHANNEL, (event, note: unknown) => {
    const parsed = ShellNote.safeParse(note);
    if (!fromWindow(event) || !parsed.success || !Notification.isSupported()) return;
    const shown = new Notification({ title: parsed.data.title, body: parsed.data.body });
    notes.add(shown);
    shown.on('click', () => {
      notes.delete(shown);
      if (win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      win.webContents.send(NOTIFICATION_CLICK_CHANNEL, parsed.data.tag);
    });
    shown.on('close', () => notes.delete(shown));
    shown.show();
  });

  desk.onEvent((event) => {
    if (event.type === 'session.changed' && event.session.unread && !win.isFocused() && Notification.isSupported()) {
      const { name, lastOutcome } = event.session;
      if (lastOutcome === 'completed' || lastOutcome === 'failed') {
        new Notification({ title: `${name}: ${lastOutcome === 'failed' ? 'the turn failed' : 'Claude finished'}`, body: event.session.path }).show();
      }
    }
  });

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Switchyard on the web', click: () => void shell.openExternal('https://github.com/') }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void Promise.all([windowState.flush(), desk.close()]).finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

start().catch((error: Error) => {
  process.stderr.write(`switchyard: ${error.stack ?? error.message}\n`);
  app.exit(1);
});
