/** The daemon's command-line options: one table for the parser and for `--help`, so they cannot drift. */
interface Option {
  type: 'string' | 'boolean';
  /** What the value is, for the usage line. */
  value?: string;
  /** The default, as the usage says it. */
  fallback?: string;
  help: string;
}

const mb = (bytes: number) => `${bytes} = ${bytes / 1024 / 1024} MB`;

export function daemonOptions(defaults: { port: number; pingIntervalMs: number; graceMs: number; maxBufferedBytes: number; cliIdleTimeoutMs: number; maxClis: number }) {
  return {
    port: { type: 'string', value: '<n>', fallback: `${defaults.port}`, help: 'The TCP port to listen on; 0 takes a free one. The environment variable DAEMON_PORT sets the default.' },
    bind: {
      type: 'string',
      value: '<address>',
      fallback: '127.0.0.1',
      help: 'The address to listen on. Any address other than loopback needs --token-file. On loopback, requests must name a loopback host (127.0.0.1, localhost, [::1]).',
    },
    'data-dir': { type: 'string', value: '<folder>', fallback: '~/.switchyard/daemon', help: 'Where sessions and their event logs are kept. One daemon at a time may use it (it is locked).' },
    claude: {
      type: 'string',
      value: '<command>',
      fallback: 'claude',
      help: 'The Claude CLI command, with any leading arguments of its own (quotes group words). The environment variable SWITCHYARD_CLAUDE sets the default.',
    },
    'token-file': {
      type: 'string',
      value: '<file>',
      fallback: 'none',
      help: 'A file holding a token of at least 16 characters; every request must then carry "Authorization: Bearer <token>", on loopback too.',
    },
    'cli-mode': { type: 'string', value: 'persistent|per-message', fallback: 'persistent', help: 'One long-lived CLI per session (only the first turn pays its start-up), or one CLI process per message.' },
    'ping-interval': { type: 'string', value: '<ms>', fallback: `${defaults.pingIntervalMs}`, help: 'How often a quiet stream gets a ping event, so proxies and clients keep it open.' },
    grace: { type: 'string', value: '<ms>', fallback: `${defaults.graceMs}`, help: 'The wait between the steps of stopping a turn (ask the CLI, SIGINT, SIGTERM, SIGKILL).' },
    'max-buffered-bytes': {
      type: 'string',
      value: '<bytes>',
      fallback: mb(defaults.maxBufferedBytes),
      help: 'What all streaming clients together may leave unread; over it, the client furthest behind is cut (it catches up from history when it reconnects).',
    },
    'cli-idle-timeout': {
      type: 'string',
      value: '<ms>',
      fallback: `${defaults.cliIdleTimeoutMs} = ${defaults.cliIdleTimeoutMs / 60_000} minutes`,
      help: "A session's CLI idle this long is stopped to free its memory; the next message starts it again with --resume. 0: never.",
    },
    'max-clis': {
      type: 'string',
      value: '<n>',
      fallback: `${defaults.maxClis}`,
      help: 'Live CLIs at most. A turn that needs one past it stops the least recently used idle CLI, or waits until one is free.',
    },
    'exit-when-stdin-closes': { type: 'boolean', fallback: 'off', help: 'Shut down (as on SIGTERM) when stdin ends: a daemon embedded in a desk ends with it.' },
    help: { type: 'boolean', value: '(or -h)', help: 'Print this description of every option, and exit.' },
  } satisfies Record<string, Option>;
}

type ParserOptions<T extends Record<string, Option>> = { [K in keyof T]: { type: T[K]['type']; short?: string } };

/** The options as node:util parseArgs takes them. */
export function parserOptions<T extends Record<string, Option>>(options: T): ParserOptions<T> {
  return Object.fromEntries(Object.entries(options).map(([name, { type }]) => [name, name === 'help' ? { type, short: 'h' } : { type }])) as ParserOptions<T>;
}

export function usage(options: Record<string, Option>): string {
  const entries = Object.entries(options).map(([name, option]) => {
    const head = `--${name}${option.value ? ` ${option.value}` : ''}`;
    const fallback = option.fallback ? ` (default ${option.fallback})` : '';
    return `${head}\n    ${option.help}${fallback}`;
  });
  return ['usage: switchyard-daemon [options]', 'Prints DAEMON_PORT=<n> on stdout once it listens; logs go to stderr.', '', ...entries].join('\n');
}
