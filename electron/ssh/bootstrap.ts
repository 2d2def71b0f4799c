/**
 * Installs and starts Switchyard's daemon on a host that has none, over the host's SSH
 * connection: checks Node (>= 20), copies the one-file daemon to the host, starts it detached
 * so it outlives the SSH connection, and reads the port it listens on.
 */
import semver from 'semver';
import type { CommandResult } from './ssh-command.js';

export type BootstrapStep = 'check-node' | 'copy' | 'start' | 'ready';

export interface BootstrapProgress {
  step: BootstrapStep;
  message: string;
}

export interface BootstrapOptions {
  host: string;
  /** Runs a shell command on the host (through the tunnel's master connection). */
  exec: (command: string, input?: Buffer) => Promise<CommandResult>;
  /** The bundled daemon (dist/daemon.mjs). */
  bundle: Buffer;
  /** Where the daemon lives on the host; `~/` is the remote home. */
  remoteDir?: string;
  /** The port to ask for; when it is taken, the daemon takes a free one. */
  preferredPort?: number;
  /** The Claude CLI command on the host. */
  claudeCommand?: string;
  /** The token the daemon will require (written to `<remoteDir>/token`, readable by the user only). */
  token: string;
  onProgress?: (progress: BootstrapProgress) => void;
}

export interface InstalledDaemon {
  port: number;
  remoteDir: string;
}

export class BootstrapError extends Error {
  override readonly name = 'BootstrapError';
  constructor(
    readonly step: BootstrapStep,
    message: string,
  ) {
    super(message);
  }
}

const MIN_NODE_MAJOR = 20;

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A remote path for the shell: `~/x` becomes "$HOME"/'x' so the remote home applies. */
function remotePath(path: string): string {
  if (path === '~') return '"$HOME"';
  if (path.startsWith('~/')) return `"$HOME"/${shellQuote(path.slice(2))}`;
  return shellQuote(path);
}

/** Node on the host, also where a login shell would find it (nvm and the like set PATH there). */
const FIND_NODE = `command -v node 2>/dev/null || bash -lc 'command -v node' 2>/dev/null || sh -lc 'command -v node' 2>/dev/null`;

export const DEFAULT_REMOTE_DIR = '~/.switchyard/daemon';

/** The access token of the daemon Switchyard installed on a host, read over SSH; undefined when there is none. */
export async function readDaemonToken(exec: BootstrapOptions['exec'], remoteDir: string = DEFAULT_REMOTE_DIR): Promise<string | undefined> {
  const result = await exec(`cat ${remotePath(remoteDir)}/token 2>/dev/null`);
  const token = result.code === 0 ? result.stdout.trim() : '';
  return token.length >= 16 ? token : undefined;
}

export async function installDaemon(options: BootstrapOptions): Promise<InstalledDaemon> {
  const progress = (step: BootstrapStep, message: string) => options.onProgress?.({ step, message });
  const dir = options.remoteDir ?? DEFAULT_REMOTE_DIR;
  const qdir = remotePath(dir);

  progress('check-node', `Checking Node.js on ${options.host}`);
  const found = await options.exec(`NODE=$(${FIND_NODE}) && echo "$NODE" && "$NODE" --version`);
  const [nodePath, nodeVersion] = found.stdout.trim().split('\n');
  if (found.code !== 0 || !nodePath || !nodeVersion) {
    throw new BootstrapError('check-node', `Node.js was not found on ${options.host}. Install Node.js ${MIN_NODE_MAJOR} or newer there, then try again.`);
  }
  const major = Number(/^v(\d+)/.exec(nodeVersion)?.[1] ?? 0);
  if (major < MIN_NODE_MAJOR) {
    throw new BootstrapError('check-node', `${options.host} has Node.js ${nodeVersion}; the daemon needs ${MIN_NODE_MAJOR} or newer. Update Node.js there, then try again.`);
  }

  progress('copy', `Copying the daemon (${Math.round(options.bundle.length / 1024)} kB) to ${options.host}:${dir}`);
  const copy = await options.exec(`mkdir -p ${qdir} && cat > ${qdir}/daemon.mjs.part && mv ${qdir}/daemon.mjs.part ${qdir}/daemon.mjs`, options.bundle);
  if (copy.code !== 0) throw new BootstrapError('copy', `Copying the daemon to ${options.host} failed: ${copy.stderr.trim() || `exit code ${copy.code}`}`);
  // The token file is created readable by the user only before a byte of the token is in it.
  const token = await options.exec(`umask 077 && cat > ${qdir}/token.part && chmod 600 ${qdir}/token.part && mv ${qdir}/token.part ${qdir}/token`, Buffer.from(`${options.token}\n`));
  if (token.code !== 0) throw new BootstrapError('copy', `Writing the daemon's access token on ${options.host} failed: ${token.stderr.trim() || `exit code ${token.code}`}`);

  progress('start', `Starting the daemon on ${options.host}`);
  let started = await start(options, qdir, nodePath, options.preferredPort ?? 9100);
  if (!started.ok && /already in use/.test(started.log)) started = await start(options, qdir, nodePath, 0);
  if (!started.ok) {
    throw new BootstrapError('start', `The daemon did not start on ${options.host}: ${started.log.trim().split('\n').slice(-3).join(' ') || 'no output'}`);
  }
  progress('ready', `The daemon listens on ${options.host} port ${started.port}`);
  return { port: started.port, remoteDir: dir };
}

async function start(options: BootstrapOptions, qdir: string, nodePath: string, port: number): Promise<{ ok: true; port: number } | { ok: false; log: string }> {
  const claude = options.claudeCommand ? ` --claude ${shellQuote(options.claudeCommand)}` : '';
  // setsid (where there is one) and nohup detach it from the SSH session, so it outlives it.
  const script = [
    `cd ${qdir}`,
    'rm -f daemon.port',
    'DETACH=; command -v setsid >/dev/null 2>&1 && DETACH=setsid',
    `( $DETACH nohup ${shellQuote(nodePath)} daemon.mjs --port ${port} --data-dir "$PWD/data" --token-file "$PWD/token"${claude} > daemon.port 2>> daemon.log < /dev/null & echo $! > daemon.pid )`,
    'i=0',
    'while [ $i -lt 150 ]; do',
    '  if grep -q DAEMON_PORT= daemon.port 2>/dev/null; then cat daemon.port; exit 0; fi',
    '  if ! kill -0 "$(cat daemon.pid)" 2>/dev/null; then break; fi',
    '  sleep 0.1; i=$((i+1))',
    'done',
    'echo "DAEMON_FAILED"; tail -n 20 daemon.log; exit 1',
  ].join('\n');
  const result = await options.exec(`sh -c ${shellQuote(script)}`);
  const match = /DAEMON_PORT=(\d+)/.exec(result.stdout);
  if (result.code === 0 && match) return { ok: true, port: Number(match[1]) };
  return { ok: false, log: `${result.stdout.replace('DAEMON_FAILED', '')}\n${result.stderr}` };
}

/** Stops the daemon with this pid on the host (before installing a newer one). */
async function stopRemoteDaemon(exec: BootstrapOptions['exec'], pid: number): Promise<void> {
  await exec(`kill ${pid} 2>/dev/null; i=0; while kill -0 ${pid} 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done`);
}

/**
 * Whether a daemon's announced version is older than the one this app ships. Only major, minor
 * and patch count ("v0.1.0" is 0.1.0, "0.2.0-dev" is 0.2.0); a daemon that announces no version,
 * or none that can be read, is older.
 */
export function isOlderVersion(running: string | undefined, shipped: string): boolean {
  const [have, want] = [semver.coerce(running ?? ''), semver.coerce(shipped)];
  if (!have) return true;
  return want !== null && semver.lt(have, want);
}

/** Replaces a running (older) daemon: stops it, then installs and starts the shipped one. */
export async function updateDaemon(options: BootstrapOptions, runningPid: number): Promise<InstalledDaemon> {
  options.onProgress?.({ step: 'start', message: `Stopping the old daemon (pid ${runningPid}) on ${options.host}` });
  await stopRemoteDaemon(options.exec, runningPid);
  return installDaemon(options);
}
