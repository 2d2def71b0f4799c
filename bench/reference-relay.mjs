#!/usr/bin/env node
// The floor for the daemon's throughput: the least a relay can do. On each POST it starts the
// same stand-in CLI, reads its stdout line by line and writes each line as an SSE frame, then
// `[DONE]`. No parsing, no seq, no log, no checks. Prints its port on stdout.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

const [cli, ...cliArgs] = process.argv.slice(2);

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const child = spawn(cli, cliArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => res.write(`data: ${line}\n\n`));
  lines.on('close', () => res.end('data: [DONE]\n\n'));
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => process.exit(0));
