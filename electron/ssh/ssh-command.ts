/** Running the system's OpenSSH tools, so ~/.ssh/config, agents, ProxyJump and known_hosts apply. */
import { spawn } from 'node:child_process';

/** Where to connect: an alias of ~/.ssh/config, or a host with optional user and port. */
export interface SshTarget {
  /** Alias or host name, as given to ssh. */
  host: string;
  user?: string;
  port?: number;
  /** An ssh_config file to use instead of ~/.ssh/config (portable setups, tests). */
  configFile?: string;
}

export interface SshTools {
  ssh: string;
  sshKeygen: string;
  sshKeyscan: string;
}

export const SYSTEM_SSH: SshTools = { ssh: 'ssh', sshKeygen: 'ssh-keygen', sshKeyscan: 'ssh-keyscan' };

export function describeTarget(target: SshTarget): string {
  return `${target.user ? `${target.user}@` : ''}${target.host}${target.port ? `:${target.port}` : ''}`;
}

/**
 * Options every connection gets. Host keys are always checked (a missing key fails instead of
 * being accepted), and BatchMode means ssh never waits on a prompt nobody can see.
 */
export function baseSshArgs(target: SshTarget, connectTimeoutS = 10): string[] {
  return [
    ...(target.configFile ? ['-F', target.configFile] : []),
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `ConnectTimeout=${connectTimeoutS}`,
    ...(target.port ? ['-p', String(target.port)] : []),
    ...(target.user ? ['-l', target.user] : []),
  ];
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion, with optional stdin and a time limit. */
export function runCommand(program: string, args: string[], options: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          stderr += `\n(${program} did not finish within ${options.timeoutMs} ms and was stopped)`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
