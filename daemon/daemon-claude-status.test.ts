/**
 * `claude-status`: what health.check says about Claude on the daemon's host, from real runs of
 * the configured command (the pinned CLI, a stand-in that answers as a logged-out one, a
 * command that does not exist), and `session.create` with a folder that does not exist.
 */
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaudeStatus, HealthResult } from '../shared/protocol.js';
import { useTestWorld } from './testing/harness.js';
import { collect } from './testing/stream-helpers.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

const STANDIN = `${process.execPath} ${fileURLToPath(new URL('./testing/auth-standin.mjs', import.meta.url))}`;
const asRoot = process.getuid?.() === 0;

/** Files of this test's stand-in: its login state and its log of runs. */
const standinFiles = () => ({ auth: path.join(world.env.root, 'standin-auth'), log: path.join(world.env.root, 'standin.log') });

/** A daemon running the stand-in, which reads its login state from `standinFiles().auth`. */
function startWithStandin(extraEnv: Record<string, string> = {}) {
  const files = standinFiles();
  return world.start({ claude: STANDIN, env: { ...world.env.env, STANDIN_AUTH_FILE: files.auth, STANDIN_LOG: files.log, ...extraEnv } });
}

const health = (port: number, refreshClaude = false) => client.healthCheck(port, { refreshClaude });

/** health.check's `claude`, once the first probe has ended. */
async function claudeOf(port: number): Promise<ClaudeStatus> {
  await expect.poll(async () => (await health(port)).claude, { timeout: 20_000 }).toBeDefined();
  return (await health(port)).claude!;
}

/** The stand-in's runs, as "start <args>" / "end <args>" lines. */
async function standinRuns(): Promise<string[]> {
  const text = await readFile(standinFiles().log, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

describe('health.check says whether Claude can run on the host (claude-status)', () => {
  it('a logged-out CLI: found, its version, not logged in; the capability is announced, and health.check does not probe again within a minute', async () => {
    const { port } = await startWithStandin();
    const first: HealthResult = await health(port);
    expect(first.capabilities).toContain('claude-status');
    const claude = await claudeOf(port);
    expect(claude).toEqual({
      command: STANDIN,
      found: true,
      version: '2.1.197 (Claude Code)',
      loggedIn: false,
      authMethod: 'none',
      apiProvider: 'firstParty',
      runningAsRoot: asRoot,
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const runs = await standinRuns();
    expect(runs.filter((line) => line.startsWith('start'))).toHaveLength(2);
    for (let i = 0; i < 5; i++) expect((await health(port)).claude).toEqual(claude);
    expect(await standinRuns()).toEqual(runs);
  });

  it('answers at once while the first probe runs, without `claude`', async () => {
    const { port } = await startWithStandin({ STANDIN_DELAY_MS: '3000' });
    const started = Date.now();
    const early = await health(port);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(early.ok).toBe(true);
    expect(early.claude).toBeUndefined();
    expect((await claudeOf(port)).loggedIn).toBe(false);
  });

  it('refreshClaude: true probes now and answers the new state, without waiting a minute', async () => {
    const { port } = await startWithStandin();
    const before = await claudeOf(port);
    expect(before.loggedIn).toBe(false);
    await writeFile(standinFiles().auth, 'in\n');
    // Without asking, the cached state stays (it is not a minute old).
    expect((await health(port)).claude).toEqual(before);
    const after = (await health(port, true)).claude!;
    expect(after).toMatchObject({ found: true, loggedIn: true, authMethod: 'claude.ai' });
    expect(after.error).toBeUndefined();
    expect(Date.parse(after.checkedAt!)).toBeGreaterThan(Date.parse(before.checkedAt!));
    // And it is what the next plain health.check answers.
    expect((await health(port)).claude).toEqual(after);
  });

  it('refreshes asked for at once run one probe at a time, and each answers a state no older than its request', async () => {
    const { port } = await startWithStandin({ STANDIN_DELAY_MS: '300' });
    await claudeOf(port);
    await writeFile(standinFiles().auth, 'in\n');
    const answers = await Promise.all([health(port, true), health(port, true), health(port, true)]);
    for (const answer of answers) expect(answer.claude).toMatchObject({ loggedIn: true });
    // --version and auth status of one probe run side by side; two probes never do.
    let running = 0;
    for (const line of await standinRuns()) {
      if (line === 'start auth status') running++;
      if (line === 'end auth status') running--;
      expect(running).toBeLessThanOrEqual(1);
    }
  });

  it('auth status that is not JSON: said in error, the login state left unknown', async () => {
    await writeFile(standinFiles().auth, 'You are who you are.\n');
    const { port } = await startWithStandin();
    const claude = await claudeOf(port);
    expect(claude).toMatchObject({ found: true, version: '2.1.197 (Claude Code)' });
    expect(claude.loggedIn).toBeUndefined();
    expect(claude.authMethod).toBeUndefined();
    expect(claude.error).toMatch(/auth status` did not print its login state as JSON: You are who you are\./);
  });

  it('a --version that fails or hangs says so but leaves Claude found and the login unknown, so nothing is held back', async () => {
    const broken = path.join(world.env.root, 'claude-broken');
    await writeFile(broken, '#!/bin/sh\necho "segfault in the updater" >&2\nexit 2\n');
    await chmod(broken, 0o755);
    const daemon = await world.start({ claude: broken });
    const claude = await claudeOf(daemon.port);
    expect(claude).toMatchObject({ found: true, error: expect.stringContaining('segfault in the updater') });
    expect(claude.loggedIn).toBeUndefined();
  });

  it('a command that does not exist, is not on PATH, or cannot be run: found false, with what is wrong in words', async () => {
    const missing = await world.start({ claude: '/nonexistent/claude' });
    expect(await claudeOf(missing.port)).toMatchObject({
      command: '/nonexistent/claude',
      found: false,
      runningAsRoot: asRoot,
      error: expect.stringMatching(/^\/nonexistent\/claude does not exist: install the Claude CLI/),
    });
    const notOnPath = await world.start({ claude: 'no-such-claude-here', dataDir: path.join(world.env.root, 'data-2') });
    expect((await claudeOf(notOnPath.port)).error).toMatch(/^`no-such-claude-here` was not found on PATH/);
    const notExecutable = path.join(world.env.root, 'claude-not-executable');
    await writeFile(notExecutable, '#!/bin/sh\necho 2.1.197\n');
    await chmod(notExecutable, 0o644);
    const refused = await world.start({ claude: notExecutable, dataDir: path.join(world.env.root, 'data-3') });
    expect(await claudeOf(refused.port)).toMatchObject({ found: false, error: expect.stringContaining('cannot be run (permission denied)') });
  });

  it('the pinned CLI with an API key in its environment: found, 2.1.197, logged in with the key', async () => {
    const { port } = await world.start();
    // What `claude auth status` prints with ANTHROPIC_API_KEY set (measured on 2.1.197).
    expect(await claudeOf(port)).toMatchObject({ found: true, version: expect.stringMatching(/2\.1\.197/), loggedIn: true, authMethod: 'api_key', apiProvider: 'firstParty' });
  });

  it('a turn that fails to start (the CLI exits before its init) checks Claude again at once', async () => {
    const { port } = await startWithStandin();
    const before = await claudeOf(port);
    await writeFile(standinFiles().auth, 'in\n');
    const id = await client.createSession(port, world.env.workDir);
    const events = await collect(client.sendMessage(port, id, 'hello'));
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('before the turn finished') });
    await expect.poll(async () => (await health(port)).claude?.checkedAt, { timeout: 15_000 }).not.toBe(before.checkedAt);
    expect((await health(port)).claude).toMatchObject({ loggedIn: true });
  });

  it('the pinned CLI without a login: its "Not logged in" turn checks Claude again at once', async () => {
    const env = { ...world.env.env };
    delete env.ANTHROPIC_API_KEY;
    const { port } = await world.start({ env });
    const before = await claudeOf(port);
    expect(before).toMatchObject({ found: true, loggedIn: false, authMethod: 'none' });
    const id = await client.createSession(port, world.env.workDir);
    const events = await collect(client.sendMessage(port, id, 'say: hi'));
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('Not logged in') });
    await expect.poll(async () => (await health(port)).claude?.checkedAt, { timeout: 15_000 }).not.toBe(before.checkedAt);
  });
});

describe('session.create with a folder that does not exist', () => {
  it('is error -32006 naming it and createFolder; with createFolder: true the folder is created and the session with it', async () => {
    const { port } = await startWithStandin();
    const folder = path.join(world.env.root, 'new', 'nested', 'project');
    const refused = await client.rpcCall(port, 'session.create', { path: folder }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: -32006, message: expect.stringContaining(`Path does not exist: ${folder}`) });
    expect((refused as Error).message).toContain('createFolder');
    await expect(stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await client.listSessions(port)).toEqual([]);

    const created = (await client.rpcCall(port, 'session.create', { path: folder, createFolder: true })) as { sessionId: string };
    const info = await stat(folder);
    expect(info.isDirectory()).toBe(true);
    expect(info.mode & 0o700).toBe(0o700);
    expect((await client.listSessions(port)).find((session) => session.sessionId === created.sessionId)?.path).toBe(folder);
    // An existing folder with createFolder is just used.
    expect(await client.rpcCall(port, 'session.create', { path: folder, createFolder: true })).toMatchObject({ sessionId: expect.any(String) });
  });

  it('a path that is a file stays an error naming it, createFolder or not', async () => {
    const { port } = await startWithStandin();
    const file = path.join(world.env.root, 'plain-file');
    await writeFile(file, 'x');
    for (const createFolder of [false, true]) {
      const refused = await client.rpcCall(port, 'session.create', { path: file, createFolder }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: -32000, message: expect.stringContaining(`Path is not a directory: ${file}`) });
    }
    await rm(file);
  });

  it('health.check ignores params it does not know and a refreshClaude that is not a boolean', async () => {
    const { port } = await startWithStandin();
    await claudeOf(port);
    for (const params of [{ verbose: true }, { refreshClaude: 'yes' }, { refreshClaude: 1 }]) {
      expect(await client.rpcCall(port, 'health.check', params)).toMatchObject({ ok: true, claude: { found: true } });
    }
  });
});
