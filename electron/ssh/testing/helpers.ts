/** Small helpers for the SSH tests: fake-clock driving, where commands ran, tools that record their calls. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { FakeClock } from '../../../shared/testing/fake-clock.js';
import { SYSTEM_SSH, type SshTools } from '../ssh-command.js';

/** Moves the clock in steps, each once the code under test waits on it, until `promise` settles. */
export async function settleOnFakeClock<T>(clock: FakeClock, promise: Promise<T>, stepMs = 25): Promise<T> {
  let settled = false;
  const done = () => {
    settled = true;
  };
  promise.then(done, done);
  while (!settled) {
    await expect.poll(() => settled || clock.pendingTimers > 0, { timeout: 20_000, interval: 5 }).toBe(true);
    if (!settled) clock.advance(stepMs);
  }
  return promise;
}

/** The client end of the TCP connection a command ran over: the same for every command through one master. */
export async function clientEndOf(commands: { exec(command: string): Promise<{ stdout: string }> }): Promise<string> {
  const { stdout } = await commands.exec('echo "$SSH_CONNECTION"');
  return stdout.trim().split(' ').slice(0, 2).join(':');
}

export interface ToolCall {
  program: 'ssh' | 'ssh-keyscan' | 'ssh-keygen';
  args: string[];
}

/** The system's OpenSSH tools behind scripts that write down every call first. */
export async function recordingTools(dir: string): Promise<{ tools: SshTools; calls: () => Promise<ToolCall[]> }> {
  const log = path.join(dir, 'tool-calls.log');
  await writeFile(log, '');
  const wrap = async (program: ToolCall['program']) => {
    const file = path.join(dir, `recording-${program}`);
    // One line per call: the program, then each argument, separated by \037.
    await writeFile(file, `#!/bin/sh\n{ printf '%s' '${program}'; for arg in "$@"; do printf '\\037%s' "$arg"; done; printf '\\n'; } >> '${log}'\nexec ${program} "$@"\n`, { mode: 0o755 });
    return file;
  };
  const tools = { ...SYSTEM_SSH, ssh: await wrap('ssh'), sshKeyscan: await wrap('ssh-keyscan'), sshKeygen: await wrap('ssh-keygen') };
  const calls = async () =>
    (await readFile(log, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [program, ...args] = line.split('\x1f');
        return { program: program as ToolCall['program'], args };
      });
  return { tools, calls };
}

/** Whatever a test opened, stopped when its file ends. */
export class Opened {
  private readonly items: { stop(): Promise<void> }[] = [];

  add<T extends { stop(): Promise<void> }>(item: T): T {
    this.items.push(item);
    return item;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.items.splice(0).map((item) => item.stop()));
  }
}
