/**
 * Property test of the daemon against random request bodies: whatever arrives at POST /rpc,
 * it answers with a JSON-RPC error of the right kind (or a result), never a 500, never a cut
 * connection; it stays up, and every session it had is still there, its history intact.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, RpcErrorCode } from '../shared/protocol.js';
import { claudeTestEnv, startDaemon, type ClaudeTestEnv, type RunningDaemon } from './testing/harness.js';
import { DaemonClient } from '../electron/client/index.js';

const RUNS = 400;
/** Calls that would start real work (a turn of the real CLI) or end the session get a mangled id. */
const HEAVY = new Set(['session.send', 'session.attach', 'session.destroy']);

let env: ClaudeTestEnv;
let daemon: RunningDaemon;
const client = new DaemonClient();
let sessionId: string;

beforeAll(async () => {
  env = await claudeTestEnv();
  daemon = await startDaemon({ env: env.env, dataDir: env.dataDir });
  sessionId = await client.createSession(daemon.port, env.workDir, 'code');
}, 60_000);
afterAll(async () => {
  await client.close();
  await daemon?.stop();
  await env?.cleanup();
});

const methodArb = fc.oneof(fc.constantFrom(...Object.keys(METHODS)), fc.string({ maxLength: 20 }));
const paramsArb = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      sessionId: fc.oneof(fc.constant('SESSION'), fc.string({ maxLength: 40 }), fc.integer()),
      path: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('/nonexistent/folder')),
      mode: fc.oneof(fc.constantFrom('auto', 'code', 'plan', 'ask', 'turbo'), fc.integer()),
      model: fc.oneof(fc.constant(null), fc.string({ maxLength: 10 })),
      message: fc.string({ maxLength: 50 }),
      afterSeq: fc.oneof(fc.integer({ min: -3, max: 50 }), fc.double()),
      limit: fc.oneof(fc.integer({ min: -3, max: 50 }), fc.string()),
      requestId: fc.string({ maxLength: 10 }),
      decision: fc.constantFrom('allow', 'deny', 'maybe'),
      cli_type: fc.constantFrom('claude', 'codex', ''),
    },
    { requiredKeys: [] },
  ),
);
/** A body: a request object, or something that is not one at all. */
const bodyArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ method: methodArb, params: fc.option(paramsArb, { nil: undefined }), id: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)) }, { requiredKeys: ['method'] }).map((request) => JSON.stringify(request)) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

const KNOWN_CODES = new Set<number>(Object.values(RpcErrorCode));

describe('the daemon against random request bodies', () => {
  it('always answers JSON-RPC, with a known error code when it refuses, and keeps every session', async () => {
    let cases = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(bodyArb, async (raw) => {
        const body = raw.replace(/"SESSION"/g, JSON.stringify(sessionId));
        let parsed: { method?: unknown } | undefined;
        try {
          parsed = JSON.parse(body) as { method?: unknown };
        } catch {
          parsed = undefined;
        }
        // A valid call that would run a real turn is sent with a mangled session id instead.
        const sent = typeof parsed?.method === 'string' && HEAVY.has(parsed.method) ? body.replace(JSON.stringify(sessionId), '"no-such-session"') : body;
        cases++;
        const response = await fetch(`http://127.0.0.1:${daemon.port}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent });
        expect(response.status).toBe(200);
        const type = response.headers.get('content-type') ?? '';
        const text = await response.text();
        if (type.includes('text/event-stream')) {
          // A stream for an unknown session: one error event and [DONE].
          expect(text).toContain('data: [DONE]');
          return;
        }
        const answer = JSON.parse(text) as { result?: unknown; error?: { code: number; message: string } };
        if (answer.error) {
          refused++;
          expect(KNOWN_CODES.has(answer.error.code)).toBe(true);
          expect(answer.error.message.length).toBeGreaterThan(5);
        } else {
          expect('result' in answer).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    // Still up, the session still there.
    expect((await client.healthCheck(daemon.port)).ok).toBe(true);
    expect((await client.listSessions(daemon.port)).some((session) => session.sessionId === sessionId)).toBe(true);
    console.log(`[figure] daemon fuzz: ${cases} request bodies, ${refused} refused with a known code, the daemon still up, its session intact`);
  }, 120_000);
});
