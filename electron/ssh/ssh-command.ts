/** Running the system's OpenSSH tools, so ~/.ssh/config, agents, ProxyJump and known_hosts apply. */
import { spawn } from 'node:child_process';
import { systemClock, type Clock } from '../../shared/clock.js';
import { assertSafeTarget, type SshTarget } from './ssh-target.js';

// SshTarget lives in ssh-target.ts; electron/desk/ imports the type from here.
export type { SshTarget } from './ssh-target.js';

export interface SshTools {
  ssh: string;
  sshKeygen: string;
  sshKeyscan: string;
}

export const SYSTEM_SSH: SshTools = { ssh: 'ssh', sshKeygen: 'ssh-keygen', sshKeyscan: 'ssh-keyscan' };

/**
 * The arguments of one ssh run: the options every connection gets, then the caller's, then
 * `--` and the destination, so that neither the destination nor a remote command can be read
 * as an option. Host keys are always checked (a missing key fails instead of being accepted),
 * and BatchMode means ssh never waits on a prompt nobody can see.
 */
export function sshArgs(target: SshTarget, options: readonly string[], remoteCommand?: string, connectTimeoutS = 10): string[] {
  assertSafeTarget(target);
  return [
    ...(target.configFile ? ['-F', target.configFile] : []),
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `ConnectTimeout=${connectTimeoutS}`,
    ...(target.port ? ['-p', String(target.port)] : []),
    ...(target.user ? ['-l', target.user] : []),
    ...options,
    // A RemoteCommand in the user's config would make ssh refuse the command given here.
    ...(remoteCommand !== undefined ? ['-o', 'RemoteCommand=none'] : []),
    '--',
    target.host,
    ...(remoteCommand !== undefined ? [remoteCommand] : []),
  ];
}

/** `-o ControlPath=…` for a path of ours: ssh expands `%` tokens there, so a literal `%` is doubled. */
export function controlPathOption(controlPath: string): string[] {
  return ['-o', `ControlPath=${controlPath.replace(/%/g, '%%')}`];
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer | undefined;
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
}

/** Runs a program to completion, with optional stdin and a time limit on the clock. */
export function runCommand(program: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  const clock = options.clock ?? systemClock;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = options.timeoutMs
      ? clock.setTimeout(() => {
          stderr += `\n(${program} did not finish within ${options.timeoutMs} ms and was stopped)`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    const settle = () => {
      if (timer !== undefined) clock.clearTimeout(timer);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      settle();
      reject(error);
    });
    child.once('close', (code) => {
      settle();
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export interface RemoteCommandOptions extends RunOptions {
  /** The control socket of a master connection to run through; without one, ssh logs in itself. */
  controlPath?: string | undefined;
  connectTimeoutS?: number | undefined;
}

/** Runs a shell command on the host, through a master connection when given its control path. */
export async function runRemoteCommand(tools: SshTools, target: SshTarget, command: string, options: RemoteCommandOptions = {}): Promise<CommandResult> {
  const { controlPath, connectTimeoutS, ...run } = options;
  // With ControlMaster=no, a control socket that is gone makes ssh log in on its own instead.
  const reuse = controlPath ? ['-o', 'ControlMaster=no', ...controlPathOption(controlPath)] : [];
  return runCommand(tools.ssh, sshArgs(target, reuse, command, connectTimeoutS), { ...run, timeoutMs: run.timeoutMs ?? 60_000 });
}
