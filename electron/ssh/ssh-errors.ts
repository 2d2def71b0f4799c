/** What went wrong with an SSH connection, recognised from OpenSSH's own words on stderr. */

export type SshErrorKind =
  | 'auth_failed'
  | 'host_key_unknown'
  | 'host_key_changed'
  | 'connection_refused'
  | 'timeout'
  | 'name_not_resolved'
  | 'forward_failed'
  | 'no_daemon'
  | 'ssh_missing'
  | 'closed'
  | 'invalid_target'
  | 'unknown';

/** Errors that waiting will not fix: retrying them only trips rate limits or hides the problem. */
const FINAL: ReadonlySet<SshErrorKind> = new Set(['auth_failed', 'host_key_unknown', 'host_key_changed', 'name_not_resolved', 'ssh_missing', 'no_daemon', 'invalid_target']);

export class SshError extends Error {
  override readonly name = 'SshError';
  constructor(
    readonly kind: SshErrorKind,
    message: string,
    readonly host: string,
    readonly detail: string = '',
  ) {
    super(message);
  }

  /** Whether reconnecting later may help. */
  get retryable(): boolean {
    return !FINAL.has(this.kind);
  }
}

const PATTERNS: [RegExp, SshErrorKind][] = [
  [/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i, 'host_key_changed'],
  [/No \S+ host key is known for|Host key verification failed/i, 'host_key_unknown'],
  [/Permission denied \(|Too many authentication failures|no mutual signature algorithm/i, 'auth_failed'],
  [/Could not resolve hostname|Name or service not known|nodename nor servname/i, 'name_not_resolved'],
  [/Connection refused/i, 'connection_refused'],
  [/timed out|Connection timeout|Operation timed out/i, 'timeout'],
  [/forwarding failed|cannot listen to port|Could not request local forwarding|Address already in use/i, 'forward_failed'],
  [/Connection closed by|Connection to \S+ closed|Connection reset|kex_exchange_identification|Broken pipe/i, 'closed'],
];

/** The first line of stderr that is not the changed-host-key banner, for messages. */
function firstUsefulLine(stderr: string): string {
  return (
    stderr
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line && !line.startsWith('@') && !/^Warning: Permanently added/.test(line)) ?? ''
  );
}

export function classifySshError(stderr: string, host: string): SshError {
  const kind = PATTERNS.find(([pattern]) => pattern.test(stderr))?.[1] ?? 'unknown';
  return sshError(kind, host, stderr);
}

export function sshError(kind: SshErrorKind, host: string, stderr = ''): SshError {
  const line = firstUsefulLine(stderr);
  const messages: Record<SshErrorKind, string> = {
    auth_failed: `${host} refused the login: no key was accepted. Check the user and IdentityFile for this host, and that your key is in ~/.ssh/authorized_keys there (or loaded in your SSH agent).`,
    host_key_unknown: `${host} is not in your known_hosts yet. Compare its fingerprint with the one the server's administrator gives you, then trust it to connect.`,
    host_key_changed: `The host key of ${host} has CHANGED since you last connected. This can mean someone is intercepting the connection. Switchyard refuses to connect; if the server was really reinstalled, remove the old key with "ssh-keygen -R <host>" and connect again.`,
    connection_refused: `${host} refused the SSH connection: nothing listens on its SSH port, or a firewall rejects it.`,
    timeout: `${host} did not answer in time: it may be down, asleep or behind a firewall.`,
    name_not_resolved: `The name ${host} could not be resolved: check the host name or the HostName in your SSH config.`,
    forward_failed: `SSH could not set up the port forward to ${host}'s daemon: ${line || 'the forward was refused'}.`,
    no_daemon: `No daemon is running on ${host} (nothing listens on its daemon port). Install and start Switchyard's daemon there.`,
    ssh_missing: 'The ssh command was not found. Install OpenSSH (the ssh client) and try again.',
    closed: `The SSH connection to ${host} was closed${line ? `: ${line}` : ''}.`,
    invalid_target: `"${host}" cannot be given to ssh: it is not an alias, host name or user@host:port.`,
    unknown: `SSH to ${host} failed${line ? `: ${line}` : ' without saying why'}.`,
  };
  return new SshError(kind, messages[kind], host, stderr.trim().slice(-2000));
}
