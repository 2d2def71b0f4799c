/**
 * The desk's method names without their schemas: what a window needs to call them, without
 * loading zod and every schema at start. desk-api.ts holds the schemas and checks, at compile
 * time, that this list names exactly its methods.
 */
export const DESK_METHOD_NAMES = [
  'app.info', 'app.notices',
  'hosts.list', 'hosts.add', 'hosts.edit', 'hosts.remove', 'hosts.connect', 'hosts.pause', 'hosts.resume', 'hosts.installDaemon', 'hosts.hostKeys', 'hosts.trustHostKey',
  'hosts.checkClaude', 'hosts.sshAliases', 'hosts.test', 'hosts.cancelTest', 'hosts.targetHostKeys', 'hosts.trustTargetHostKey',
  'sessions.list', 'sessions.create', 'sessions.send', 'sessions.interrupt', 'sessions.cancelQueued', 'sessions.setMode', 'sessions.setModel', 'sessions.answer',
  'sessions.resume', 'sessions.restore', 'sessions.destroy', 'sessions.rename', 'sessions.markRead', 'sessions.queueStats', 'sessions.transcript', 'sessions.watch',
  'sessions.unwatch', 'sessions.recentPaths',
  'health.current', 'health.series',
] as const;

/** `hosts.add` → `hostsAdd`: the name under which a transport exposes a method. */
export function functionName(method: string): string {
  return method.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase());
}
