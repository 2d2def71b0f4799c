/** The daemon's settings, from its command line and environment. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseArgsStringToArgv } from 'string-argv';
import { expandHome } from '../shared/node/home.js';
import { DEFAULT_DAEMON_PORT } from '../shared/protocol.js';
import { daemonOptions, parserOptions, usage } from './options.js';

export interface DaemonConfig {
  port: number;
  bind: string;
  dataDir: string;
  /** The Claude CLI command and its own leading arguments. */
  claudeCommand: string[];
  tokenFile: string | undefined;
  /** One persistent CLI per session (fast) or one process per message. */
  cliMode: 'persistent' | 'per-message';
  pingIntervalMs: number;
  maxMessageBytes: number;
  maxBodyBytes: number;
  maxBufferedEvents: number;
  /** What all SSE clients together may leave unsent before the one furthest behind is cut. */
  maxBufferedBytes: number;
  /** Wait between the steps of stopping a turn. */
  graceMs: number;
  /** A persistent CLI idle this long is stopped (0: never); the next message resumes it. */
  cliIdleTimeoutMs: number;
  /** Live CLIs at most; a turn past it stops the least recently used idle one, or waits. */
  maxClis: number;
  /** Shut down when stdin ends: a daemon embedded in a desk ends with it. */
  exitWhenStdinCloses: boolean;
}

export const DAEMON_DEFAULTS = {
  pingIntervalMs: 30_000,
  maxMessageBytes: 1024 * 1024,
  maxBodyBytes: 2 * 1024 * 1024,
  maxBufferedEvents: 10_000,
  maxBufferedBytes: 256 * 1024 * 1024,
  graceMs: 2_000,
  cliIdleTimeoutMs: 10 * 60_000,
  maxClis: 8,
} as const;

export class ConfigError extends Error {}

/** `--help`: not an error; `usage` goes to stdout. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help requested');
  }
}

const OPTIONS = daemonOptions({ port: DEFAULT_DAEMON_PORT, ...DAEMON_DEFAULTS });
/** The environment variables the daemon reads, for `--help`. */
const ENVIRONMENT: [string, string][] = [
  ['DAEMON_PORT', 'The default of --port.'],
  ['SWITCHYARD_CLAUDE', 'The default of --claude.'],
  ['HOME', 'What ~ means in --data-dir, --token-file and session paths.'],
  ['CLAUDE_CONFIG_DIR', "Where Claude keeps its sessions (default ~/.claude); read to resume them, and passed on to Claude."],
  [
    'ANTHROPIC_API_KEY and the rest',
    "Claude runs with the daemon's whole environment: its login (an API key, or the login in CLAUDE_CONFIG_DIR), proxies, IS_SANDBOX. The daemon never sets IS_SANDBOX itself.",
  ],
];

export const USAGE = [usage(OPTIONS), '', 'Environment:', ...ENVIRONMENT.map(([name, help]) => `${name}\n    ${help}`)].join('\n');

function whole(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new ConfigError(`${name} must be a whole number of at least ${min}, got "${value}"`);
  return number;
}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\./.test(address);
}

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): DaemonConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: parserOptions(OPTIONS),
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) throw new HelpRequested(USAGE);
  const port = whole('--port', values.port ?? env.DAEMON_PORT, DEFAULT_DAEMON_PORT);
  if (port > 65535) throw new ConfigError(`--port must be at most 65535, got ${port}`);
  const bind = values.bind ?? '127.0.0.1';
  const tokenFile = values['token-file'] ? expandHome(values['token-file']) : undefined;
  if (!isLoopback(bind) && !tokenFile) {
    throw new ConfigError(`refusing to listen on ${bind} without --token-file: anyone who can reach it could run Claude on this machine`);
  }
  const cliMode = values['cli-mode'] ?? 'persistent';
  if (cliMode !== 'persistent' && cliMode !== 'per-message') {
    throw new ConfigError(`--cli-mode must be "persistent" or "per-message", got "${cliMode}"`);
  }
  // Quotes group words: `node "/opt/my tools/fake.mjs"` is two words.
  const claudeCommand = parseArgsStringToArgv(values.claude ?? env.SWITCHYARD_CLAUDE ?? 'claude');
  if (claudeCommand.length === 0) throw new ConfigError('--claude must name a command');
  return {
    port,
    bind,
    // Absolute: it marks the daemon's CLIs, and the next daemon looks for exactly that marker.
    dataDir: path.resolve(expandHome(values['data-dir'] ?? path.join('~', '.switchyard', 'daemon'))),
    claudeCommand,
    tokenFile,
    cliMode,
    pingIntervalMs: whole('--ping-interval', values['ping-interval'], DAEMON_DEFAULTS.pingIntervalMs, 10),
    maxMessageBytes: DAEMON_DEFAULTS.maxMessageBytes,
    maxBodyBytes: DAEMON_DEFAULTS.maxBodyBytes,
    maxBufferedEvents: DAEMON_DEFAULTS.maxBufferedEvents,
    maxBufferedBytes: whole('--max-buffered-bytes', values['max-buffered-bytes'], DAEMON_DEFAULTS.maxBufferedBytes, 1024 * 1024),
    graceMs: whole('--grace', values.grace, DAEMON_DEFAULTS.graceMs, 10),
    cliIdleTimeoutMs: whole('--cli-idle-timeout', values['cli-idle-timeout'], DAEMON_DEFAULTS.cliIdleTimeoutMs),
    maxClis: whole('--max-clis', values['max-clis'], DAEMON_DEFAULTS.maxClis, 1),
    exitWhenStdinCloses: values['exit-when-stdin-closes'] ?? false,
  };
}
