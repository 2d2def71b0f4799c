import os from 'node:os';
import path from 'node:path';

/** `~` and `~/x` in the current user's home; anything else as it is. */
export function expandHome(value: string, home: string = os.homedir()): string {
  if (value === '~') return home;
  return value.startsWith('~/') ? path.join(home, value.slice(2)) : value;
}
