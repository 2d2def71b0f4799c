/**
 * The daemon's door: what a web page in the developer's browser could send (a foreign Host
 * after DNS rebinding, an Origin, a text/plain "simple" POST) is refused before anything runs;
 * a head node's request (application/json, a loopback Host, no Origin) is answered.
 */
import http from 'node:http';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestWorld } from './testing/harness.js';

const world = useTestWorld({ beforeEach, afterEach, afterAll });

interface Answer {
  status: number;
  body: string;
}

const messageOf = (answer: Answer) => (JSON.parse(answer.body) as { error: { message: string } }).error.message;

/** One raw request to 127.0.0.1:<port>, with exactly the headers given (Node adds none it is given). */
function rawPost(port: number, headers: Record<string, string>, body = '{"method":"session.list","id":1}'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/rpc', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, agent: false });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const json = 'application/json';
const createBody = (dir: string) => JSON.stringify({ method: 'session.create', params: { path: dir }, id: 1 });

describe("the daemon's door", () => {
  it('refuses a Host that is not a loopback name (DNS rebinding) with 403 naming the host, and creates nothing', async () => {
    const { port } = await world.start();
    for (const host of [`attacker.example:${port}`, 'attacker.example', `127.0.0.1.nip.io:${port}`, `192.168.1.5:${port}`]) {
      const answer = await rawPost(port, { host, 'content-type': json }, createBody(world.env.workDir));
      expect(answer.status, host).toBe(403);
      expect(messageOf(answer)).toContain(`Host "${host.replace(/:\d+$/, '')}"`);
      expect(messageOf(answer)).toMatch(/loopback/);
    }
    expect(await readdir(path.join(world.env.dataDir, 'sessions')).catch(() => [])).toEqual([]);
  });

  it('refuses any request with an Origin header with 403 naming the origin', async () => {
    const { port } = await world.start();
    for (const origin of ['http://attacker.example', `http://127.0.0.1:${port}`, 'null']) {
      const answer = await rawPost(port, { host: `127.0.0.1:${port}`, origin, 'content-type': json }, createBody(world.env.workDir));
      expect(answer.status, origin).toBe(403);
      expect(messageOf(answer)).toContain(`Origin "${origin}"`);
    }
    expect(await readdir(path.join(world.env.dataDir, 'sessions')).catch(() => [])).toEqual([]);
  });

  it('refuses a content type other than application/json with 415 naming it', async () => {
    const { port } = await world.start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await rawPost(port, { host: `127.0.0.1:${port}`, 'content-type': type }, createBody(world.env.workDir));
      expect(answer.status, type).toBe(415);
      expect(messageOf(answer)).toContain(`"${type}"`);
      expect(messageOf(answer)).toContain('application/json');
    }
    const none = await rawPost(port, { host: `127.0.0.1:${port}` });
    expect(none.status).toBe(415);
    expect(messageOf(none)).toContain('no content type');
    expect(await readdir(path.join(world.env.dataDir, 'sessions')).catch(() => [])).toEqual([]);
  });

  it("answers a head node's request: application/json (with parameters), a loopback Host on any port, no Origin", async () => {
    const { port } = await world.start();
    for (const [host, type] of [
      [`127.0.0.1:${port}`, json],
      ['127.0.0.1:9100', json],
      [`localhost:${port}`, 'application/json; charset=utf-8'],
      [`[::1]:${port}`, 'Application/JSON'],
      ['localhost', json],
    ] as const) {
      const answer = await rawPost(port, { host, 'content-type': type });
      expect(answer.status, `${host} ${type}`).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ result: { sessions: [] }, id: 1 });
    }
  });

  it('with --token-file, requires the bearer token on loopback too (401), and answers with it', async () => {
    const tokenFile = path.join(world.env.root, 'token');
    await writeFile(tokenFile, 'correct-horse-battery-staple-42\n');
    const { port } = await world.start({ args: ['--token-file', tokenFile] });
    const headers = { host: `127.0.0.1:${port}`, 'content-type': json };
    const missing = await rawPost(port, headers);
    expect(missing.status).toBe(401);
    expect(messageOf(missing)).toContain('Authorization: Bearer');
    expect((await rawPost(port, { ...headers, authorization: 'Bearer correct-horse-battery-staple-41' })).status).toBe(401);
    expect((await rawPost(port, { ...headers, authorization: 'Bearer correct-horse-battery-staple-42' })).status).toBe(200);
  });

  it('bound to a non-loopback address (token required), takes the name clients reach it by, and still refuses an Origin', async () => {
    const tokenFile = path.join(world.env.root, 'token');
    await writeFile(tokenFile, 'correct-horse-battery-staple-42\n');
    const { port } = await world.start({ args: ['--bind', '0.0.0.0', '--token-file', tokenFile] });
    const headers = { host: `build-box.example:${port}`, 'content-type': json, authorization: 'Bearer correct-horse-battery-staple-42' };
    expect((await rawPost(port, headers)).status).toBe(200);
    expect((await rawPost(port, { ...headers, authorization: '' })).status).toBe(401);
    expect((await rawPost(port, { ...headers, origin: 'http://attacker.example' })).status).toBe(403);
  });
});
