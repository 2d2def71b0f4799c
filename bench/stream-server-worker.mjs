// A loopback server, in its own thread, that answers every POST /rpc with `count` small SSE
// events as fast as the socket takes them, then `data: [DONE]`.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { count } = workerData;
const frames = [];
for (let i = 0; i < count; i++) frames.push(`data: {"type":"partial","content":"tok${i % 10}","seq":${i + 1}}\n\n`);
frames.push('data: [DONE]\n\n');
const CHUNK = 64 * 1024;
const chunks = [];
let current = '';
for (const frame of frames) {
  current += frame;
  if (current.length >= CHUNK) {
    chunks.push(Buffer.from(current));
    current = '';
  }
}
if (current) chunks.push(Buffer.from(current));
const totalBytes = chunks.reduce((n, c) => n + c.length, 0);

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let i = 0;
    const pump = () => {
      while (i < chunks.length) {
        if (!res.write(chunks[i++])) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port, totalBytes }));
parentPort.on('message', (message) => {
  if (message === 'stop') server.close(() => process.exit(0));
});
