/**
 * Property tests of DaemonClient against answers no daemon should give: random statuses,
 * content types, bodies, cut connections. An ordinary call either answers or throws one of the
 * client's two errors, with a message that names the call; a stream never throws and ends.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_ERROR_REASONS } from '../../shared/protocol.js';
import { DaemonClient, DaemonConnectionError, DaemonError } from './index.js';
import { ScriptedServer } from './testing/scripted-server.js';

const RUNS = 250;

interface Answer {
  status: number;
  contentType: string;
  body: string;
  /** Cut the connection after this many bytes of the body, or send it all. */
  cutAt: number | null;
}

const jsonish = fc.oneof(
  fc.json(),
  fc.constantFrom('{"result":{}}', '{"result":null,"id":"1"}', '{"error":{"code":"x"}}', '{"error":42}', '{"id":1}', '[1,2]', '', 'null', '<html><body>Bad gateway</body></html>'),
  fc.record({ result: fc.jsonValue() }).map((value) => JSON.stringify(value)),
  fc.record({ error: fc.record({ code: fc.integer(), message: fc.string() }) }).map((value) => JSON.stringify(value)),
);
const sseish = fc
  .array(fc.oneof(fc.json().map((json) => `data: ${json}\n\n`), fc.constantFrom('data: [DONE]\n\n', ': c\n', 'data: {"type":"partial"\n\n', 'event: x\n', '\r\n', 'data: {"type":"text","content":"hi"}\n\n')), { maxLength: 12 })
  .map((parts) => parts.join(''));
const answerArb: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 404, 413, 500, 502),
  contentType: fc.constantFrom('application/json', 'text/event-stream', 'text/html', 'text/plain', ''),
  body: fc.oneof(jsonish, sseish, fc.string({ maxLength: 200 })),
  cutAt: fc.option(fc.nat({ max: 300 }), { nil: null }),
});

let next: Answer;
let server: ScriptedServer;
let client: DaemonClient;

beforeAll(async () => {
  server = await ScriptedServer.start((_request, socket) => {
    const { status, contentType, body, cutAt } = next;
    const head = `HTTP/1.1 ${status} X\r\n${contentType ? `Content-Type: ${contentType}\r\n` : ''}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    const bytes = Buffer.from(head + body);
    if (cutAt === null) socket.end(bytes);
    else {
      socket.write(bytes.subarray(0, Buffer.byteLength(head) + cutAt));
      socket.destroy();
    }
  });
  client = new DaemonClient({ callTimeoutMs: 5_000, timeout: 5_000 });
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

describe('DaemonClient against random malformed answers', () => {
  it('an ordinary call answers or throws DaemonError / DaemonConnectionError naming the call', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(answerArb, async (answer) => {
        cases++;
        next = answer;
        try {
          await client.listSessions(server.port);
        } catch (error) {
          expect(error instanceof DaemonError || error instanceof DaemonConnectionError).toBe(true);
          if (error instanceof DaemonConnectionError) expect(error.message).toContain('session.list on 127.0.0.1:');
        }
      }),
      { numRuns: RUNS },
    );
    console.log(`[figure] DaemonClient call fuzz: ${cases} answers`);
  });

  it('a stream never throws, ends, and says why with a known reason when the client ended it', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(answerArb, async (answer) => {
        cases++;
        next = answer;
        const events = [];
        for await (const event of client.sendMessage(server.port, 's-1', 'hi')) events.push(event);
        for (const event of events) {
          if (event.type === 'error' && event.reason !== undefined) expect(STREAM_ERROR_REASONS).toContain(event.reason);
        }
        // A stream that did not end with [DONE] says so in its last event.
        const doneAt = answer.body.indexOf('data: [DONE]\n\n');
        const doneSent = doneAt >= 0 && (answer.cutAt === null || answer.cutAt >= Buffer.byteLength(answer.body.slice(0, doneAt + 14)));
        const done = answer.status === 200 && answer.contentType === 'text/event-stream' && doneSent;
        if (!done) expect(events.at(-1)).toMatchObject({ type: 'error', reason: expect.any(String) });
      }),
      { numRuns: RUNS },
    );
    console.log(`[figure] DaemonClient stream fuzz: ${cases} answers`);
  });
});
