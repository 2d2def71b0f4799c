/**
 * switchyard-daemon: a Remote Agent Daemon (docs/protocol.md: the base and its extensions) that runs the
 * Claude CLI. Prints `DAEMON_PORT=<n>` on stdout when it listens; logs go to stderr.
 */
import { readFileSync } from 'node:fs';
import { acquireFolderLock, FolderLockedError } from '../shared/node/folder-lock.js';
import { endLeftoversOfDataFolder } from './cli-leftovers.js';
import { ConfigError, HelpRequested, parseConfig, type DaemonConfig } from './config.js';
import { startServer } from './server.js';
import { SessionManager } from './sessions.js';
import { SseBudget } from './sse-budget.js';
import { StorageHealth } from './storage-health.js';
import { DAEMON_VERSION } from './version.js';

const log = (message: string) => process.stderr.write(`[switchyard-daemon] ${message}\n`);

function readToken(file: string | undefined): string | undefined {
  if (!file) return undefined;
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`cannot read --token-file ${file}: ${(error as Error).message}`);
  }
  if (token.length < 16) throw new ConfigError(`the token in ${file} is too short; use at least 16 random characters`);
  return token;
}

/** With the data folder locked: what a killed daemon left is stopped, the sessions loaded, the port opened. */
async function start(config: DaemonConfig, token: string | undefined) {
  const leftovers = await endLeftoversOfDataFolder(config.dataDir, config.graceMs);
  if (leftovers > 0) log(`stopped ${leftovers} processes a previous daemon left running (its CLIs and their tools)`);
  const sessions = new SessionManager(config, process.env, new StorageHealth(config.dataDir, log), log);
  const restored = await sessions.load();
  // The first check of Claude on this host; health.check carries it once it has ended.
  sessions.claude.current();
  const budget = new SseBudget(config.maxBufferedBytes, log);
  const server = await startServer({ config, sessions, startedAt: Date.now(), token, budget, log });
  return { sessions, server, restored };
}

async function main(): Promise<void> {
  const config = parseConfig(process.argv.slice(2), process.env);
  const token = readToken(config.tokenFile);
  const lock = await acquireFolderLock(config.dataDir, 'switchyard-daemon');
  if (lock.tookOver) log(`took over the data folder from ${lock.tookOver.what} (pid ${lock.tookOver.pid}), which is gone`);
  const started = await start(config, token).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
  const { sessions, server, restored } = started;
  process.stdout.write(`DAEMON_PORT=${server.port}\n`);
  log(
    `v${DAEMON_VERSION} listening on ${config.bind}:${server.port}; data in ${config.dataDir}; ${restored} sessions restored; claude: ${config.claudeCommand.join(' ')} (${config.cliMode})`,
  );

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) {
      log(`${reason} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${reason}: stopping every turn and flushing the logs`);
    void (async () => {
      // Turns end first, so open streams get their `interrupted` event and [DONE].
      await sessions.closeAll();
      await server.close();
      await lock.release();
      log('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (config.exitWhenStdinCloses) {
    // The desk that embeds this daemon holds the other end; it is gone when the pipe ends.
    const closed = () => stopping || stop('stdin closed');
    process.stdin.once('end', closed).once('error', closed);
    process.stdin.resume();
  }
}

main().catch((error: Error) => {
  if (error instanceof HelpRequested) {
    process.stdout.write(`${error.usage}\n`);
    process.exit(0);
  }
  if (error instanceof FolderLockedError) log(`cannot start: ${error.message}; stop that daemon, or pass another --data-dir`);
  else log(error instanceof ConfigError ? error.message : `cannot start: ${error.message}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
