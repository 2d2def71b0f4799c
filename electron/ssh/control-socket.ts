/**
 * Control sockets of master connections (ControlMaster). Each target's socket has a path we
 * can compute, a short hash of the target and its config file in the private control folder,
 * so a socket left behind by a killed ssh is found and removed before the next master starts.
 * With ssh's own `%C` nothing removed it, and every later master ran without multiplexing
 * ("ControlSocket … already exists, disabling multiplexing").
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../shared/clock.js';
import { pollUntil } from './poll.js';
import { controlPathOption, runCommand, sshArgs, type SshTools } from './ssh-command.js';
import type { SshTarget } from './ssh-target.js';

const MULTIPLEX_SUPPORT = new Map<string, Promise<boolean>>();

/**
 * Whether this ssh client can multiplex, found by asking it to check a control socket that
 * does not exist: a client that supports ControlMaster says it could not connect to the
 * socket; one that does not (Windows' OpenSSH) says so differently.
 */
export function probeMultiplexing(tools: SshTools): Promise<boolean> {
  let probe = MULTIPLEX_SUPPORT.get(tools.ssh);
  if (!probe) {
    const socket = path.join(os.tmpdir(), `switchyard-probe-${randomBytes(6).toString('hex')}`);
    probe = runCommand(tools.ssh, sshArgs({ host: 'switchyard-probe.invalid' }, ['-O', 'check', ...controlPathOption(socket)]), { timeoutMs: 10_000 })
      .then((result) => /Control socket connect|No such file or directory/i.test(result.stderr))
      .catch(() => false);
    MULTIPLEX_SUPPORT.set(tools.ssh, probe);
  }
  return probe;
}

/** Creates the control folder (0700) and says whether it is private: ours, and closed to everyone else. */
function isPrivateFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    return stat.isDirectory() && (stat.mode & 0o077) === 0 && (process.getuid === undefined || stat.uid === process.getuid());
  } catch {
    return false;
  }
}

/** Whether masters can be started for sockets in `controlDir` with this client. */
export async function multiplexingAvailable(tools: SshTools, controlDir: string | undefined): Promise<boolean> {
  return controlDir !== undefined && (await probeMultiplexing(tools)) && isPrivateFolder(controlDir);
}

/** The control socket of the target's master number `slot` (0 unless this process runs several). */
export function controlPathFor(controlDir: string, target: SshTarget, slot = 0): string {
  const key = JSON.stringify([target.host, target.user ?? null, target.port ?? null, target.configFile ?? null]);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return path.join(controlDir, `cm-${hash}${slot ? `-${slot}` : ''}`);
}

// Unix socket paths hold 104 bytes on macOS (108 on Linux); ssh first binds the path with a
// 17-character temporary suffix, then links it into place.
const fitsSocketPath = (controlPath: string) => Buffer.byteLength(controlPath) + 17 < 104;

/** A master connection of this process, as far as control paths are concerned. */
export interface ControlMaster {
  /** Logged in and listening on its control socket. */
  readonly ready: boolean;
}

// Control sockets are files shared by the whole process: this records which paths its masters
// hold, so that a new master never asks a live sibling to exit, and commands can reuse one.
const held = new Map<string, ControlMaster>();

/**
 * The first of the target's control paths that no master of this process holds, now held by
 * `master`; undefined when the folder's path is too long for a socket.
 */
export function claimControlPath(controlDir: string, target: SshTarget, master: ControlMaster): string | undefined {
  for (let slot = 0; ; slot++) {
    const controlPath = controlPathFor(controlDir, target, slot);
    if (!fitsSocketPath(controlPath)) return undefined;
    if (held.has(controlPath)) continue;
    held.set(controlPath, master);
    return controlPath;
  }
}

export function releaseControlPath(controlPath: string, master: ControlMaster): void {
  if (held.get(controlPath) === master) held.delete(controlPath);
}

/** The control path of a master of this process that is up for this target, if there is one. */
export function liveControlPath(controlDir: string, target: SshTarget): string | undefined {
  const base = controlPathFor(controlDir, target);
  for (const [controlPath, master] of held) {
    if ((controlPath === base || controlPath.startsWith(`${base}-`)) && master.ready) return controlPath;
  }
  return undefined;
}

/** The pid of the master that answers on this control socket (`ssh -O check`), or undefined when none does. */
export async function masterPid(tools: SshTools, target: SshTarget, controlPath: string, clock: Clock = systemClock): Promise<number | undefined> {
  const check = await runCommand(tools.ssh, sshArgs(target, ['-O', 'check', '-o', 'ControlMaster=no', ...controlPathOption(controlPath)]), { timeoutMs: 10_000, clock });
  const pid = /Master running \(pid=(\d+)\)/.exec(check.stderr)?.[1];
  return check.code === 0 ? Number(pid ?? 0) : undefined;
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Frees `controlPath` for a new master: a master from an earlier run that still answers there
 * is asked to exit, and a socket nobody answers on (its ssh was killed) is removed. A master
 * this process does not hold can only be left from an earlier run: the control folder belongs
 * to one data folder, which one instance of the app uses at a time.
 */
export async function clearControlSocket(tools: SshTools, target: SshTarget, controlPath: string, clock: Clock = systemClock): Promise<void> {
  if (!exists(controlPath)) return;
  if ((await masterPid(tools, target, controlPath, clock)) !== undefined) {
    await runCommand(tools.ssh, sshArgs(target, ['-O', 'exit', '-o', 'ControlMaster=no', ...controlPathOption(controlPath)]), { timeoutMs: 10_000, clock });
    // The old master removes its socket as it exits: had ours been bound there first, it would be the one removed.
    await pollUntil(() => !exists(controlPath), { timeoutMs: 2_000, intervalMs: 25, clock });
  }
  await rm(controlPath, { force: true });
}
