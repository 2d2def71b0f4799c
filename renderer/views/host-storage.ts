import type { HostView } from '../../shared/desk-api.js';

/** What a host's daemon said of its disk, in words: what fails, since when, and what happens meanwhile. */
export function storageProblem(host: HostView): string {
  const storage = host.storage;
  if (!storage || storage.ok) return '';
  const since = storage.since ? ` since ${new Date(storage.since).toLocaleTimeString()}` : '';
  const where = storage.dataDir ? ` in ${storage.dataDir}` : '';
  return `${host.name} cannot save Claude's output${where}${since}: ${storage.error ?? 'writing fails'}. Output is kept in the daemon's memory and saved once there is space again; free some disk space on ${host.name}.`;
}
