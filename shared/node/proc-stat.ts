import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/<pid>/stat after the command name (which may itself hold spaces and
 * parentheses): state first ('Z' for a zombie), start time at index 19. Undefined when there is
 * no such process, or no /proc (Linux only).
 */
export function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
