/**
 * Finding and ending every process a test world started. Each world puts a marker variable in
 * the environment of everything it starts (the desk, and through sshd's SetEnv the remote
 * side); children inherit it, so the marker finds processes that left their parent's tree,
 * such as a daemon installed over SSH with setsid and nohup.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { processTree, signalTree } from '../shared/node/process-tree.js';

export const WORLD_MARKER = 'SWITCHYARD_E2E_WORLD';

/** Pids whose environment carries `SWITCHYARD_E2E_WORLD=<world>`. */
export function processesInWorld(world: string): number[] {
  const needle = `${WORLD_MARKER}=${world}\0`;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(`\0${needle}`)) found.push(Number(name));
    } catch {
      // Ended meanwhile, or not readable.
    }
  }
  return found;
}

/** `pid: command line`, for messages about processes that would not go. */
export function describeProcess(pid: number): string {
  try {
    return `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`;
  } catch {
    return `${pid}: (gone)`;
  }
}

/** Signals a process, everything below it and their process groups. */
export function signalProcessTree(pid: number, signal: NodeJS.Signals): void {
  signalTree(processTree(pid), signal);
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Kills everything carrying the world's marker (with their trees) and waits until none is
 * left. Returns what survived the bound, described; empty when the world is clean.
 */
export async function sweepWorld(world: string, timeoutMs = 5_000): Promise<string[]> {
  const gone = await waitUntil(
    () => {
      // A killed process's environment reads empty (zombies included), so the marker alone says "gone".
      const pids = processesInWorld(world);
      for (const pid of pids) signalProcessTree(pid, 'SIGKILL');
      return pids.length === 0;
    },
    timeoutMs,
    100,
  );
  return gone ? [] : processesInWorld(world).map(describeProcess);
}
