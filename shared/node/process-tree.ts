/**
 * Finds and signals a process and everything it started. Claude's Bash tool runs its shell in
 * a process group of its own, and that shell outlives the CLI on SIGTERM (docs/claude-cli.md), so a
 * group signal to the CLI is not enough: the tree is read from /proc (ps elsewhere) and every
 * member and its group are signalled.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

function listProcesses(): ProcessEntry[] {
  if (process.platform === 'linux') {
    const entries: ProcessEntry[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // Fields after the command name, which may itself contain spaces and parentheses.
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        entries.push({ pid: Number(name), ppid: Number(rest[1]), pgid: Number(rest[2]) });
      } catch {
        // The process ended while we were reading.
      }
    }
    return entries;
  }
  if (process.platform === 'win32') return [];
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .map(([pid = 0, ppid = 0, pgid = 0]) => ({ pid, ppid, pgid }));
}

/** The pid and all its descendants, with their process groups. */
export function processTree(rootPid: number): ProcessEntry[] {
  const all = listProcesses();
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of all) {
    const list = children.get(entry.ppid) ?? [];
    list.push(entry);
    children.set(entry.ppid, list);
  }
  const root = all.find((entry) => entry.pid === rootPid);
  const tree: ProcessEntry[] = root ? [root] : [];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!.pid) ?? []));
  return tree;
}

/** Members of a snapshot that are still running (checked with signal 0). */
export function stillRunning(pids: Iterable<number>): number[] {
  const alive: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, 0);
      alive.push(pid);
    } catch {
      // Gone.
    }
  }
  return alive;
}

/**
 * Sends `signal` to every process in `entries` and to each of their process groups, except
 * the daemon's own group.
 */
export function signalTree(entries: ProcessEntry[], signal: NodeJS.Signals): void {
  const ownGroup = process.platform === 'win32' ? -1 : groupOf(process.pid);
  const groups = new Set<number>();
  for (const entry of entries) {
    if (entry.pgid > 1 && entry.pgid !== ownGroup) groups.add(entry.pgid);
    try {
      process.kill(entry.pid, signal);
    } catch {
      // Already gone.
    }
  }
  for (const group of groups) {
    try {
      process.kill(-group, signal);
    } catch {
      // Group already empty.
    }
  }
}

function groupOf(pid: number): number {
  return processTree(pid)[0]?.pgid ?? -1;
}
