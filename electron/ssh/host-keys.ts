/**
 * Unknown host keys: show the fingerprints, and when the user trusts them, record exactly the
 * key whose fingerprint they saw, for that host only. Checking is never switched off.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../shared/clock.js';
import { runCommand, type SshTools } from './ssh-command.js';
import { assertSafeHost } from './ssh-target.js';

export interface HostKey {
  /** The known_hosts line (`[host]:port type key`). */
  line: string;
  type: string;
  fingerprint: string;
}

export interface KeyLocation {
  hostname: string;
  port: number;
  /** The user's known_hosts file (the first UserKnownHostsFile of `ssh -G`). */
  knownHostsFile: string;
}

/** The host's current keys and their SHA256 fingerprints. */
export async function scanHostKeys(tools: SshTools, location: Pick<KeyLocation, 'hostname' | 'port'>, clock: Clock = systemClock): Promise<HostKey[]> {
  // ssh-keyscan takes its hosts after its options; one starting with "-" would be read as an option.
  assertSafeHost(location.hostname);
  const scan = await runCommand(tools.sshKeyscan, ['-p', String(location.port), '-T', '5', '--', location.hostname], { timeoutMs: 15_000, clock });
  const lines = scan.stdout.split('\n').filter((line) => line && !line.startsWith('#'));
  const keys: HostKey[] = [];
  for (const line of lines) {
    const print = await runCommand(tools.sshKeygen, ['-l', '-E', 'sha256', '-f', '-'], { input: `${line}\n`, timeoutMs: 5_000, clock });
    const match = /^\d+\s+(SHA256:\S+)\s+.*\((\w+)\)\s*$/m.exec(print.stdout);
    if (match) keys.push({ line, fingerprint: match[1]!, type: match[2]! });
  }
  return keys;
}

/**
 * Adds the host's key to known_hosts, but only if it still has the fingerprint the user
 * approved; a key that changed between showing and trusting is refused.
 */
export async function trustHostKey(tools: SshTools, location: KeyLocation, approvedFingerprint: string, clock: Clock = systemClock): Promise<HostKey> {
  const keys = await scanHostKeys(tools, location, clock);
  const key = keys.find((candidate) => candidate.fingerprint === approvedFingerprint);
  if (!key) {
    const seen = keys.map((k) => `${k.type} ${k.fingerprint}`).join(', ') || 'no key at all';
    throw new Error(`${location.hostname}:${location.port} now shows ${seen}, not the approved ${approvedFingerprint}; nothing was trusted.`);
  }
  await mkdir(path.dirname(location.knownHostsFile), { recursive: true, mode: 0o700 });
  const existing = await readFile(location.knownHostsFile, 'utf8').catch(() => '');
  const separator = existing && !existing.endsWith('\n') ? '\n' : '';
  await appendFile(location.knownHostsFile, `${separator}${key.line}\n`, { mode: 0o600 });
  return key;
}
