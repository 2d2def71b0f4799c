/**
 * Property test of the desk API: any method name and any input, as a window (or a page that
 * got hold of the token) might send. Every call answers, or fails with a DeskError whose code is
 * one the renderer knows and whose message says something; the desk stays up throughout.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeTestEnv, type ClaudeTestEnv } from '../../daemon/testing/harness.js';
import { DESK_ERROR_CODES, DESK_METHOD_NAMES, type HostView, type SessionView } from '../../shared/desk-api.js';
import { DeskError } from './desk-error.js';
import { openTestDesk, type TestDesk } from './testing/test-desk.js';

const RUNS = 300;

let env: ClaudeTestEnv;
let opened: TestDesk;
let session: SessionView;

beforeAll(async () => {
  env = await claudeTestEnv();
  opened = await openTestDesk(env, { dataDir: path.join(env.root, 'app-data'), linkSettings: { healthIntervalMs: 500 } });
  await opened.desk.host('local').link.whenConnected(20_000);
  session = await opened.call<SessionView>('sessions.create', { hostId: 'local', path: env.workDir });
});
afterAll(async () => {
  await opened?.desk.close();
  await env?.cleanup();
});

/** Inputs shaped like the real ones often enough to get past the schema now and then. */
const inputArb = (key: () => string) =>
  fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        hostId: fc.oneof(fc.constant('local'), fc.string({ maxLength: 12 })),
        key: fc.oneof(fc.constant('KEY'), fc.string({ maxLength: 20 })),
        stream: fc.string({ maxLength: 40 }),
        after: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double()),
        name: fc.string({ maxLength: 100 }),
        path: fc.oneof(fc.constant(env.workDir), fc.string({ maxLength: 30 })),
        mode: fc.constantFrom('auto', 'code', 'plan', 'ask', 'turbo', ''),
        model: fc.oneof(fc.constant(null), fc.string({ maxLength: 10 })),
        target: fc.oneof(fc.constantFrom('-oProxyCommand=touch /tmp/x', 'ssh://a@b:99999', 'a b', ''), fc.string({ maxLength: 30 })),
        fingerprint: fc.string({ maxLength: 20 }),
        limit: fc.integer({ min: -10, max: 10_000 }),
        before: fc.integer({ min: -10, max: 100 }),
      },
      { requiredKeys: [] },
    ).map((input) => (input.key === 'KEY' ? { ...input, key: key() } : input)),
  );

// Calls that would start real work on this machine with valid input (a turn of the real CLI, an
// install, a removal of the only host) are made with invalid input only.
const HEAVY = new Set(['sessions.send', 'hosts.installDaemon', 'hosts.remove', 'sessions.destroy', 'hosts.add', 'hosts.trustHostKey', 'hosts.hostKeys', 'hosts.test', 'hosts.targetHostKeys', 'hosts.trustTargetHostKey', 'hosts.checkClaude']);

describe('the desk API against random input', () => {
  it('answers or fails with a known code and a message, and stays up', async () => {
    let cases = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...DESK_METHOD_NAMES), fc.string({ maxLength: 20 })), inputArb(() => session.key), async (method, input) => {
        const params = HEAVY.has(method) && typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input, hostId: 42, key: 42, target: 42 } : input;
        cases++;
        try {
          await opened.dispatch(method, params);
        } catch (error) {
          refused++;
          expect(error).toBeInstanceOf(DeskError);
          expect(DESK_ERROR_CODES).toContain((error as DeskError).code);
          expect((error as DeskError).message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: RUNS },
    );
    expect((await opened.call<HostView[]>('hosts.list')).length).toBeGreaterThan(0);
    console.log(`[figure] desk API fuzz: ${cases} calls, ${refused} refused with a code, the desk still up`);
  });
});
