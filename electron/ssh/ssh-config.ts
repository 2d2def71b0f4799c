/** Host aliases from ~/.ssh/config (with Include), resolved by `ssh -G` for the "add host" form. */
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../shared/clock.js';
import { expandHome } from '../../shared/node/home.js';
import { runCommand, sshArgs, type SshTools } from './ssh-command.js';
import { isUsableHost, type SshTarget } from './ssh-target.js';

export interface ResolvedHost {
  hostname: string;
  user: string;
  port: number;
  knownHostsFiles: string[];
}

/** Concrete aliases (no wildcards, no negations, none ssh would misread), in the order the config names them. */
export async function listHostAliases(configFile = path.join(os.homedir(), '.ssh', 'config')): Promise<string[]> {
  const aliases: string[] = [];
  await collectAliases(expandHome(configFile), aliases, new Set());
  return [...new Set(aliases)];
}

async function collectAliases(file: string, aliases: string[], seen: Set<string>): Promise<void> {
  if (seen.has(file)) return;
  seen.add(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return;
  }
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^(\w+)\s*(?:=\s*|\s+)(.+)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toLowerCase();
    const values = match[2]!.split(/\s+/).map((value) => value.replace(/^"(.*)"$/, '$1'));
    if (keyword === 'host') {
      aliases.push(...values.filter((value) => !/[*?!]/.test(value) && isUsableHost(value)));
    } else if (keyword === 'include') {
      for (const pattern of values) {
        for (const included of await expandInclude(pattern, path.dirname(file))) await collectAliases(included, aliases, seen);
      }
    }
  }
}

/** Include paths are relative to ~/.ssh and may hold `*` and `?` in their last part. */
async function expandInclude(pattern: string, baseDir: string): Promise<string[]> {
  const full = path.isAbsolute(expandHome(pattern)) ? expandHome(pattern) : path.join(baseDir, pattern);
  const dir = path.dirname(full);
  const name = path.basename(full);
  if (!/[*?]/.test(name)) return [full];
  const regex = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.filter((entry) => regex.test(entry)).sort().map((entry) => path.join(dir, entry));
}

/** What ssh itself will use for a target, after every config rule applied. */
export async function resolveHost(tools: SshTools, target: SshTarget, clock: Clock = systemClock): Promise<ResolvedHost> {
  const result = await runCommand(tools.ssh, sshArgs(target, ['-G']), { timeoutMs: 10_000, clock });
  if (result.code !== 0) throw new Error(`ssh -G ${target.host} failed: ${result.stderr.trim() || `exit code ${result.code}`}`);
  const values = new Map<string, string[]>();
  for (const line of result.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const key = line.slice(0, space).toLowerCase();
    values.set(key, [...(values.get(key) ?? []), line.slice(space + 1)]);
  }
  const one = (key: string) => values.get(key)?.[0];
  return {
    hostname: one('hostname') ?? target.host,
    user: one('user') ?? os.userInfo().username,
    port: Number(one('port') ?? 22),
    knownHostsFiles: (one('userknownhostsfile') ?? '~/.ssh/known_hosts').split(/\s+/).map((file) => expandHome(file)),
  };
}
