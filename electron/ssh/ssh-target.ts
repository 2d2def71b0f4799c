/**
 * SSH targets: what the user types in "Add host" (an alias, `user@host:port`, `ssh://…`) and
 * the checks every target passes before it reaches ssh. A host or user that starts with "-"
 * would be read by ssh as an option (`-oProxyCommand=…` runs a command on this computer), so it
 * is refused here, before any program runs.
 */
import net from 'node:net';
import { SshError } from './ssh-errors.js';

/** Where to connect: an alias of ~/.ssh/config, or a host with optional user and port. */
export interface SshTarget {
  /** Alias or host name, as given to ssh. */
  host: string;
  user?: string;
  port?: number;
  /** An ssh_config file to use instead of ~/.ssh/config (portable setups, tests). */
  configFile?: string;
}

export interface ParsedSshTarget {
  host: string;
  user?: string;
  port?: number;
}

export function describeTarget(target: SshTarget): string {
  return `${target.user ? `${target.user}@` : ''}${target.host}${target.port ? `:${target.port}` : ''}`;
}

const WHAT_TO_TYPE = 'Type an alias from your ~/.ssh/config (like devbox), or user@host:port (like ada@build.example.com:22).';

// OpenSSH 9.6 and later refuse these too: a ProxyCommand with %h or %r hands them to a shell.
const HOST_SHELL_CHARACTERS = /['`"$\\;&<>|(){}]/;
const USER_SHELL_CHARACTERS = /['`";&<>|(){}]/;

function refuse(text: string, problem: string): SshError {
  return new SshError('invalid_target', `${problem} ${WHAT_TO_TYPE}`, text);
}

function describeCharacter(character: string): string {
  if (character === ' ') return 'a space';
  if (character === '\t') return 'a tab';
  if (character === '\n' || character === '\r') return 'a line break';
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /\s/.test(character) ? `a blank (${code})` : `a control character (${code})`;
}

/** Why `value` cannot be the host (or user) of an SSH target, or undefined when it can. */
function problemWith(value: string, role: 'host' | 'user'): string | undefined {
  if (value === '') return `The ${role} is empty.`;
  if (value.startsWith('-')) return `The ${role} "${value}" starts with "-", which ssh would read as an option, not as a ${role}.`;
  const blank = /[\s\p{Cc}]/u.exec(value)?.[0];
  if (blank) return `The ${role} "${value}" contains ${describeCharacter(blank)}; an SSH ${role} has none.`;
  const shell = (role === 'host' ? HOST_SHELL_CHARACTERS : USER_SHELL_CHARACTERS).exec(value)?.[0];
  if (shell) return `The ${role} "${value}" contains "${shell}", which ssh refuses in a ${role} (it could reach a shell).`;
  return undefined;
}

/** Throws the SshError ('invalid_target') that says why `host` cannot be given to ssh or ssh-keyscan. */
export function assertSafeHost(host: string): void {
  const problem = problemWith(host, 'host');
  if (problem) throw refuse(host, problem);
}

/** Throws the SshError ('invalid_target') that says why this target cannot be given to ssh. */
export function assertSafeTarget(target: SshTarget): void {
  const text = describeTarget(target);
  const problem =
    problemWith(target.host, 'host') ??
    (target.user !== undefined ? problemWith(target.user, 'user') : undefined) ??
    (target.port !== undefined && !validPort(target.port) ? `The port ${target.port} is not a whole number from 1 to 65535.` : undefined);
  if (problem) throw refuse(text, problem);
}

/** Whether an alias from a config file can be offered as a target at all. */
export function isUsableHost(host: string): boolean {
  return problemWith(host, 'host') === undefined;
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function decodeUrlPart(text: string, part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw refuse(text, `"${part}" in "${text}" is not valid URL encoding.`);
  }
}

/**
 * `alias`, `host`, `user@host`, `host:port`, `user@host:port`, `[ipv6]:port`, a bare IPv6
 * address, or the URL form `ssh://user@host:port`. Blanks around the text are dropped (pasted
 * text); anything else that ssh would misread is refused with what to type instead.
 */
export function parseSshTarget(target: string): ParsedSshTarget {
  const text = target.trim();
  if (text === '') throw refuse(target, 'The SSH target is empty.');
  if (text.startsWith('-')) throw refuse(text, `"${text}" starts with "-", which ssh would read as an option, not as a host.`);
  const blank = /[\s\p{Cc}]/u.exec(text)?.[0];
  if (blank) throw refuse(text, `"${text}" contains ${describeCharacter(blank)}; an SSH target has none.`);

  let rest = text;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    if (scheme[1]!.toLowerCase() !== 'ssh') throw refuse(text, `"${text}" is a ${scheme[1]}:// address; only ssh:// addresses are SSH targets.`);
    rest = text.slice(scheme[0].length).replace(/\/$/, '');
    if (rest.includes('/')) throw refuse(text, `"${text}" has a path; an ssh:// address ends after the host and port (ssh://user@host:port).`);
  }

  const at = rest.lastIndexOf('@');
  let user = at >= 0 ? rest.slice(0, at) : undefined;
  const hostPort = rest.slice(at + 1);
  if (user === '') throw refuse(text, `"${text}" has nothing before "@"; put the user name there, or leave out the "@".`);

  let host: string;
  let port: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) throw refuse(text, `"${text}" opens "[" without closing it; write an IPv6 address as [2001:db8::1]:22.`);
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) throw refuse(text, `"${text}" has "${after}" after "]"; only ":port" may follow.`);
    if (after !== '') port = after.slice(1);
  } else if (hostPort.split(':').length > 2) {
    if (!net.isIPv6(hostPort)) throw refuse(text, `"${text}" has more than one ":"; write an IPv6 address with a port as [2001:db8::1]:22.`);
    host = hostPort;
  } else {
    [host = '', port] = hostPort.split(':');
  }

  if (scheme) {
    user = user === undefined ? undefined : decodeUrlPart(text, user);
    host = decodeUrlPart(text, host);
  }
  if (host === '') throw refuse(text, `"${text}" has no host.`);
  const problem = problemWith(host, 'host') ?? (user !== undefined ? problemWith(user, 'user') : undefined);
  if (problem) throw refuse(text, problem);

  let portNumber: number | undefined;
  if (port === '') throw refuse(text, `"${text}" has nothing after ":"; give the port (like ${host}:22) or leave out the ":".`);
  if (port !== undefined) {
    portNumber = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
    if (!validPort(portNumber)) throw refuse(text, `The port "${port}" in "${text}" is not a number from 1 to 65535.`);
  }
  return { host, ...(user !== undefined ? { user } : {}), ...(portNumber !== undefined ? { port: portNumber } : {}) };
}
