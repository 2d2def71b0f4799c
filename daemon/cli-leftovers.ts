/**
 * What a CLI run leaves behind when it exits: tool processes, background jobs, anything it
 * started that outlived it. Each run carries a marker in its environment, which every process
 * it starts inherits, so they are found even after they left its process tree (reparented,
 * their own process group or session). The marker is read from /proc (Linux); elsewhere only
 * the pids known from earlier snapshots of the tree are found.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { delay } from '../shared/clock.js';
import { processTree, signalTree, stillRunning } from '../shared/node/process-tree.js';

export const CLI_RUN_MARKER = 'SWITCHYARD_CLI_RUN';

export function newRunId(): string {
  return randomUUID();
}

/**
 * Pids (Linux; none elsewhere) whose environment passes `test`. The environment is given as
 * `\0NAME=value\0NAME=value\0...`; a process that ended reads as empty.
 */
export function processesWithEnvironment(test: (environment: string) => boolean): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (test(`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`)) found.push(Number(name));
    } catch {
      // Ended meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Pids whose environment carries `SWITCHYARD_CLI_RUN=<runId>`. */
export function processesOfRun(runId: string): number[] {
  const needle = `\0${CLI_RUN_MARKER}=${runId}\0`;
  return processesWithEnvironment((environment) => environment.includes(needle));
}

export type ProcessEntry = ReturnType<typeof processTree>[number];

const POLL_MS = 50;

/**
 * Ends every process of the run still running that `include` accepts, with everything below
 * it: SIGTERM, then SIGKILL to what is left after `graceMs`. Resolves once none is left, or
 * after a second `graceMs`. Off Linux, `knownPids` (from snapshots of the tree) stand in for
 * the marker; on Linux they are not used, as a pid may have been reused since.
 */
export async function endLeftovers(
  runId: string,
  knownPids: Iterable<number>,
  graceMs: number,
  include: (entry: ProcessEntry) => boolean = () => true,
): Promise<void> {
  const known = [...knownPids];
  const left = () =>
    (process.platform === 'linux' ? processesOfRun(runId) : stillRunning(known)).flatMap((pid) => processTree(pid)).filter(include);
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const entries = left();
    if (entries.length === 0) return;
    signalTree(entries, signal);
    for (let waited = 0; waited < graceMs && left().length > 0; waited += POLL_MS) await delay(POLL_MS);
  }
}
