/**
 * The embedded default: Switchyard's daemon on this computer, on a free loopback port, so a
 * first run works without SSH. Stopped when the app quits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../shared/node/atomic-file.js';
import { newToken } from '../../shared/node/token.js';
import { lockHolder } from '../../shared/node/folder-lock.js';
import { processTree, signalTree } from '../../shared/node/process-tree.js';
import { delay } from '../../shared/clock.js';

export interface LocalDaemonOptions {
  /** dist/daemon.mjs */
  bundle: string;
  dataDir: string;
  claudeCommand: string;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** A daemon left running on this data by an earlier desk is being stopped. */
  onLeftover?: (pid: number) => void;
}

export class LocalDaemon {
  private child: ChildProcess | undefined;
  private portNumber: number | undefined;
  private currentToken: string | undefined;
  private starting: Promise<number> | undefined;
  private stopped = false;
  private stderr = '';

  constructor(private readonly options: LocalDaemonOptions) {}

  /** The token the running daemon requires; a new one with every start. */
  get token(): string | undefined {
    return this.currentToken;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the daemon (again, if it died) and resolves with its port; one start at a time. */
  start(): Promise<number> {
    if (this.stopped) return Promise.reject(new Error('this computer\'s daemon was stopped with the app'));
    if (this.running && this.portNumber !== undefined) return Promise.resolve(this.portNumber);
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<number> {
    const { bundle, dataDir, claudeCommand } = this.options;
    await this.stopLeftover(path.join(dataDir, 'local-daemon'));
    if (!existsSync(bundle)) throw new Error(`the daemon bundle ${bundle} is missing; run "npm run build:daemon"`);
    const token = newToken();
    const tokenFile = path.join(dataDir, 'local-daemon.token');
    await writeFileAtomic(tokenFile, `${token}\n`);
    this.currentToken = token;
    // Its stdin is a pipe this desk never writes to: when the desk dies, however it dies, the
    // pipe closes and the daemon shuts down instead of running on as an orphan.
    const args = [bundle, '--port', '0', '--data-dir', path.join(dataDir, 'local-daemon'), '--claude', claudeCommand, '--token-file', tokenFile, '--exit-when-stdin-closes'];
    const child = spawn(process.execPath, args, {
      env: { ...(this.options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin!.on('error', () => undefined);
    this.child = child;
    // The app quit while this start was under way: the daemon goes at once.
    if (this.stopped) child.kill('SIGTERM');
    this.stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
      this.options.log?.(chunk.trimEnd());
    });
    this.portNumber = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /DAEMON_PORT=(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the local daemon exited (code ${code}) before listening: ${this.stderr.trim().slice(-500)}`)));
      child.once('error', reject);
    });
    return this.portNumber;
  }

  /**
   * A daemon still running on this desk's data (left by a desk that was killed before daemons
   * ended with their desk) would keep the folder locked: it is stopped, as the desk that started
   * it would have done.
   */
  private async stopLeftover(folder: string): Promise<void> {
    const holder = await lockHolder(folder);
    if (!holder || holder.pid === process.pid) return;
    this.options.onLeftover?.(holder.pid);
    signalTree(processTree(holder.pid), 'SIGTERM');
    const deadline = Date.now() + 8_000;
    while ((await lockHolder(folder)) && Date.now() < deadline) await delay(100);
    if (await lockHolder(folder)) signalTree(processTree(holder.pid), 'SIGKILL');
  }

  /** Stops the daemon for good (the app quits), including one still starting. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    await exited;
    clearTimeout(timer);
  }
}
