import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESK_METHOD_NAMES, functionName } from '../../shared/desk-api.js';
// @ts-expect-error plain ESM build script without types
import { buildPreload } from '../../scripts/build-app.mjs';

/** Runs the built preload with a stand-in for electron and returns what it exposed. */
async function exposedByBuiltPreload() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'preload-'));
  try {
    const file = (await buildPreload(path.join(dir, 'preload.cjs'))) as string;
    const code = await readFile(file, 'utf8');
    const exposed: Record<string, Record<string, unknown>> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => (exposed[key] = value) },
      ipcRenderer: { invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, result: 'fine' }), on: () => undefined, removeListener: () => undefined },
    };
    const requireStub = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`the preload requires "${name}"; a sandboxed preload may only require electron`);
    };
    new Function('require', 'module', 'exports', code)(requireStub, { exports: {} }, {});
    return { exposed, invoked };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the built preload', () => {
  it('exposes exactly one named function per table entry, plus openEvents and the notification pair, and nothing generic', async () => {
    const { exposed } = await exposedByBuiltPreload();
    expect(Object.keys(exposed)).toEqual(['desk']);
    const names = Object.keys(exposed.desk!).sort();
    expect(names).toEqual([...DESK_METHOD_NAMES.map(functionName), 'openEvents', 'notify', 'onNotificationClick'].sort());
    expect(names).not.toContain('invoke');
    expect(Object.isFrozen(exposed.desk)).toBe(true);
  });

  it('calls each method on its own channel', async () => {
    const { exposed, invoked } = await exposedByBuiltPreload();
    expect(await (exposed.desk!.sessionsSend as (p: unknown) => Promise<unknown>)({ key: 'a/b', message: 'hi' })).toBe('fine');
    expect(invoked).toEqual([['desk:sessions.send', { key: 'a/b', message: 'hi' }]]);
  });

  it('asks the shell for a notification on its own channel', async () => {
    const { exposed, invoked } = await exposedByBuiltPreload();
    await (exposed.desk!.notify as (note: unknown) => Promise<void>)({ title: 't', body: 'b', tag: 'k' });
    expect(invoked).toEqual([['shell:notify', { title: 't', body: 'b', tag: 'k' }]]);
  });
});
