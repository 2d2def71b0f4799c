/**
 * The Electron window's hardening, as plain data and pure decisions, so a unit test can check
 * every item without Electron: isolated and sandboxed renderer, no Node, a strict CSP,
 * navigation and new windows denied (http(s) links open in the system browser), every
 * permission request denied.
 */
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

export const APP_ORIGIN = 'app://switchyard';

export const ELECTRON_CSP = CONTENT_SECURITY_POLICY;

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export function windowOptions(preloadPath: string, bounds: WindowBounds) {
  return {
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Switchyard',
    backgroundColor: '#111418',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  } as const;
}

/** In-app navigation is never allowed; a web link goes to the system browser instead. */
export function navigationDecision(url: string): { allow: false; openExternally: boolean } {
  return { allow: false, openExternally: isWebLink(url) };
}

/** `window.open` and target=_blank: no new Electron window, ever. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isWebLink(url) };
}

/**
 * Camera, microphone, notifications from the page, geolocation, clipboard reads...: all denied.
 * The one exception is writing text to the clipboard (the code blocks' Copy button), and only
 * for the app's own page: the browser still requires a user gesture for it.
 */
export function permissionDecision(permission: string, requestingUrl = ''): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

function isAppUrl(url: string): boolean {
  try {
    // Compared by parts: the origin of a custom scheme reads "null" outside Electron.
    const parsed = new URL(url);
    const app = new URL(APP_ORIGIN);
    return parsed.protocol === app.protocol && parsed.host === app.host;
  } catch {
    return false;
  }
}

export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Headers added to every response the window loads. */
export function securityHeaders(): Record<string, string[]> {
  return {
    'Content-Security-Policy': [ELECTRON_CSP],
    'X-Content-Type-Options': ['nosniff'],
  };
}
