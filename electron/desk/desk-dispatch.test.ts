import { describe, expect, it } from 'vitest';
import { ipcHandlers, createDispatch } from './desk-dispatch.js';
import type { DeskHandlers } from './desk-handlers.js';

const handlers = { 'sessions.rename': async ({ key, name }: { key: string; name: string }) => ({ key, name }) } as unknown as DeskHandlers;
const dispatch = createDispatch(handlers);
const rename = ipcHandlers(dispatch, 'app://switchyard').find((h) => h.channel === 'desk:sessions.rename')!;

describe('the IPC binding', () => {
  it('has one channel per method', () => {
    expect(ipcHandlers(dispatch, 'app://switchyard').every((h) => h.channel.startsWith('desk:'))).toBe(true);
  });
  it('runs a valid call from the app window', async () => {
    expect(await rename.handle({ senderFrame: { url: 'app://switchyard/index.html' }, fromAppWindow: true }, { key: 'k', name: 'n' })).toEqual({ ok: true, result: { key: 'k', name: 'n' } });
  });
  it('refuses calls from other frames or windows with a clear error', async () => {
    await expect(rename.handle({ senderFrame: { url: 'https://evil.example/' }, fromAppWindow: true }, { key: 'k', name: 'n' })).rejects.toThrow(/did not come from Switchyard's own window \(https:\/\/evil.example\/\)/);
    await expect(rename.handle({ senderFrame: { url: 'app://switchyard/index.html' }, fromAppWindow: false }, { key: 'k', name: 'n' })).rejects.toThrow(/Refused sessions.rename/);
  });
  it('rejects input that fails the schema before the handler runs', async () => {
    expect(await rename.handle({ senderFrame: { url: 'app://switchyard/' }, fromAppWindow: true }, { key: 'k', name: 42 })).toEqual({
      ok: false,
      error: { code: 'invalid_params', message: expect.stringContaining('sessions.rename: invalid "name"') },
    });
  });
});
