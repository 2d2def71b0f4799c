/**
 * `npm run serve`: Switchyard in a browser. Prints one line, SWITCHYARD_URL=<url with token>,
 * when it is ready. --port picks the port (default: a free one); --help lists every option.
 */
import { parseArgs } from 'node:util';
import { openDesk } from '../desk/open-desk.js';
import { SERVE_HELP } from './serve-help.js';
import { startWebServer } from './serve.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  const { desk, dispatch, rendererDir } = await openDesk('browser');
  const server = await startWebServer({ dispatch, streams: desk.eventStreams(), staticDir: rendererDir, port });
  process.stdout.write(`SWITCHYARD_URL=${server.url}\n`);
  process.stderr.write(`Switchyard is running in browser mode: open the URL above. Data in ${desk.options.dataDir}. Ctrl+C stops it.\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    void Promise.all([server.close(), desk.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`switchyard: ${error.message}\n${(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 'Run with --help to see every option.\n' : ''}`);
  process.exit(1);
});
