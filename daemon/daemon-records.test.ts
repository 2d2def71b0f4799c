import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestWorld } from './testing/harness.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });
const client = world.client;

const sessionsDir = () => path.join(world.env.dataDir, 'sessions');
const legacyRecord = (sessionId: string, fields: object = {}) => ({
  sessionId,
  path: world.env.workDir,
  mode: 'code',
  sdkSessionId: null,
  model: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  status: 'idle',
  ...fields,
});
async function writeSession(sessionId: string, sessionJson: string, eventLines: string[] = []): Promise<string> {
  const dir = path.join(sessionsDir(), sessionId);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'session.json'), sessionJson);
  if (eventLines.length > 0) await writeFile(path.join(dir, 'events.jsonl'), eventLines.map((line) => `${line}\n`).join(''));
  return dir;
}

describe('session records on disk', () => {
  it('loads records without a version, sets aside those that do not parse or fit, leaves a newer format alone, and counts damaged event lines', async () => {
    const good = '11111111-0000-4000-8000-000000000001';
    const oddMode = '11111111-0000-4000-8000-000000000002';
    const notJson = '11111111-0000-4000-8000-000000000003';
    await writeSession(good, JSON.stringify(legacyRecord(good)), [
      JSON.stringify({ type: 'system', subtype: 'user_message', content: 'hi', seq: 1 }),
      '{"type":"text","content":"torn in the mid',
      JSON.stringify({ type: 'text', content: 'hello', seq: 2 }),
    ]);
    const oddDir = await writeSession(oddMode, JSON.stringify(legacyRecord(oddMode, { mode: 'turbo' })));
    const notJsonDir = await writeSession(notJson, '{"sessionId": "11111111-');
    const newer = '11111111-0000-4000-8000-000000000004';
    const newerDir = await writeSession(newer, JSON.stringify({ ...legacyRecord(newer), version: 2 }));
    const daemon = await world.start();
    expect((await client.listSessions(daemon.port)).map((session) => session.sessionId)).toEqual([good]);
    // Its last turn never ended: it is marked as cut by the daemon's stop.
    const history = (await client.sessionHistory(daemon.port, good)).events;
    expect(history.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(history[2]).toMatchObject({ type: 'error', message: expect.stringContaining('daemon stopped while this turn was running') });
    for (const dir of [oddDir, notJsonDir]) {
      const kept = await readdir(dir);
      expect(kept).not.toContain('session.json');
      expect(kept.filter((name) => name.startsWith('session.json.rejected-'))).toHaveLength(1);
      expect(daemon.stderr()).toContain(path.join(dir, 'session.json'));
    }
    expect(await readdir(newerDir)).toEqual(['session.json']);
    expect(daemon.stderr()).toMatch(new RegExp(`1 damaged line.*${path.join(sessionsDir(), good, 'events.jsonl')}|${path.join(sessionsDir(), good, 'events.jsonl')}.*1 damaged line`));
    expect((await client.healthCheck(daemon.port)).ok).toBe(true);
  });

  it('writes a format version into every record it saves', async () => {
    const daemon = await world.start();
    const id = await client.createSession(daemon.port, world.env.workDir, 'plan');
    const saved = JSON.parse(await readFile(path.join(sessionsDir(), id, 'session.json'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, sessionId: id, mode: 'plan' });
  });
});
