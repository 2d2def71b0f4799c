/**
 * What a CLI run leaves behind when it exits: tool processes, background jobs, anything it
 * started that outlived it. Each run carries a marker in its environment, which every process
 * it starts inherits, so they are found even after they left its process tree (reparented,
 * their own process group or session). The marker is read from /proc (Linux); elsewhere only
 * the pids known from earlier snapshots of the tree are found.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as wait } from 'node:timers/promises';
import { procStat } from '../shared/node/proc-stat.js';
import { processTree, signalTree, stillRunning } from '../shared/node/process-tree.js';

export const CLI_RUN_MARKER = 'SWITCHYARD_CLI_RUN';
/** Every CLI also carries its daemon's data folder, so the next daemon on it finds what a killed one left. */
export const DATA_FOLDER_MARKER = 'SWITCHYARD_DAEMON_DATA';

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

/** Pids whose environment carries `<name>=<value>`. */
function processesMarked(name: string, value: string): number[] {
  const needle = `\0${name}=${value}\0`;
  return processesWithEnvironment((environment) => environment.includes(needle));
}

export type ProcessEntry = ReturnType<typeof processTree>[number];

const POLL_MS = 50;

/**
 * Ends every process of the run still running that `include` accepts, with everything below
 * it: SIGTERM, then SIGKILL to what is left after `graceMs`. Resolves once none is left, or
 * after a second `graceMs`, with how many there were. Off Linux, `knownPids` (from snapshots of the tree) stand in for
 * the marker; on Linux they are not used, as a pid may have been reused since.
 */
export function endLeftovers(
  runId: string,
  knownPids: Iterable<number>,
  graceMs: number,
  include: (entry: ProcessEntry) => boolean = () => true,
): Promise<number> {
  const known = [...knownPids];
  const find = () => (process.platform === 'linux' ? processesMarked(CLI_RUN_MARKER, runId) : stillRunning(known));
  return endProcesses(find, graceMs, include);
}

/**
 * At start, before any CLI runs: ends every process a previous daemon on `dataFolder` left
 * running (a SIGKILLed daemon's CLIs and their tools), so no two CLIs ever run one Claude
 * session. Linux only (the marker is read from /proc). Resolves with how many were found.
 */
export function endLeftoversOfDataFolder(dataFolder: string, graceMs: number): Promise<number> {
  return endProcesses(() => processesMarked(DATA_FOLDER_MARKER, dataFolder), graceMs, () => true);
}

/**
 * Gone, or ended and not reaped by its parent yet (a zombie: its daemon was killed): nothing
 * to stop. Off Linux there is no /proc to say so.
 */
function hasEnded(pid: number): boolean {
  const stat = procStat(pid);
  return stat ? stat[0] === 'Z' : process.platform === 'linux';
}

/** SIGTERM, then SIGKILL after `graceMs`, to what `find` finds and all below it; the number of processes first found. */
async function endProcesses(find: () => number[], graceMs: number, include: (entry: ProcessEntry) => boolean): Promise<number> {
  const left = () => find().flatMap((pid) => processTree(pid)).filter((entry) => include(entry) && !hasEnded(entry.pid));
  let found = 0;
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const entries = left();
    if (entries.length === 0) break;
    found ||= entries.length;
    signalTree(entries, signal);
    // A timer that holds the process: at start-up nothing else does yet.
    for (let waited = 0; waited < graceMs && left().length > 0; waited += POLL_MS) await wait(POLL_MS);
  }
  return found;
}
