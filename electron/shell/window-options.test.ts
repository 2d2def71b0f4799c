import { describe, expect, it } from 'vitest';
import { ELECTRON_CSP, navigationDecision, permissionDecision, securityHeaders, windowOpenDecision, windowOptions } from './window-options.js';

describe('Electron window hardening', () => {
  const options = windowOptions('/app/preload.cjs', { width: 1200, height: 800 });
  const prefs = options.webPreferences;

  it('isolates the page: contextIsolation and sandbox on', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });
  it('gives the page no Node, in no frame or worker', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keeps web security, no insecure content, no webview, no drag-and-drop navigation', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });
  it('loads only the preload it is given', () => {
    expect(prefs.preload).toBe('/app/preload.cjs');
  });
  it('sends a strict Content-Security-Policy: scripts from the app only, no objects, no framing', () => {
    expect(securityHeaders()['Content-Security-Policy']).toEqual([ELECTRON_CSP]);
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(ELECTRON_CSP).toContain("object-src 'none'");
    expect(ELECTRON_CSP).toContain("frame-ancestors 'none'");
  });
  it('denies navigation; web links open in the system browser, other schemes nowhere', () => {
    expect(navigationDecision('https://example.com/docs')).toEqual({ allow: false, openExternally: true });
    expect(navigationDecision('file:///etc/passwd')).toEqual({ allow: false, openExternally: false });
    expect(navigationDecision('javascript:alert(1)')).toEqual({ allow: false, openExternally: false });
  });
  it('denies every new window', () => {
    expect(windowOpenDecision('http://example.com')).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('app://switchyard/other')).toEqual({ action: 'deny', openExternally: false });
  });
  it('denies every permission request, except clipboard writes from the app itself', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(permissionDecision(permission, 'app://switchyard/index.html')).toBe(false);
    expect(permissionDecision('clipboard-sanitized-write', 'app://switchyard/index.html')).toBe(true);
    for (const url of ['https://example.com/', 'app://other/', 'file:///tmp/x.html', '', 'not a url']) expect(permissionDecision('clipboard-sanitized-write', url)).toBe(false);
  });
});
