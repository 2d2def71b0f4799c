/**
 * Installs (or updates) Switchyard's daemon on an SSH host over a short-lived connection of its
 * own, then points the host at the port it listens on and reconnects. `installDaemonOver` is
 * the install itself, also used by a connection test before the host is added.
 */
import { readFile } from 'node:fs/promises';
import { newToken } from '../../shared/node/token.js';
import { installDaemon, updateDaemon, type BootstrapOptions, type BootstrapProgress } from '../ssh/bootstrap.js';
import type { HostRuntime } from './host-runtime.js';

export interface DaemonInstallSettings {
  /** The host's name, for messages. */
  host: string;
  bundlePath: string;
  preferredPort: number;
  remoteDir?: string | undefined;
  claudeCommand?: string | undefined;
  /** A running (older) daemon to stop first. */
  runningPid?: number | undefined;
  onProgress: (progress: BootstrapProgress) => void;
}

/** Installs the daemon through `exec` with a new access token; answers its port and that token. */
export async function installDaemonOver(exec: BootstrapOptions['exec'], settings: DaemonInstallSettings): Promise<{ port: number; token: string }> {
  const options: BootstrapOptions = {
    host: settings.host,
    exec,
    bundle: await readFile(settings.bundlePath),
    preferredPort: settings.preferredPort,
    ...(settings.remoteDir ? { remoteDir: settings.remoteDir } : {}),
    ...(settings.claudeCommand ? { claudeCommand: settings.claudeCommand } : {}),
    // A new token with every install: whoever had the old one does not have this one.
    token: newToken(),
    onProgress: settings.onProgress,
  };
  const installed = settings.runningPid !== undefined ? await updateDaemon(options, settings.runningPid) : await installDaemon(options);
  return { port: installed.port, token: options.token };
}

export async function installOnHost(host: HostRuntime, bundlePath: string, onProgress: (progress: BootstrapProgress) => void): Promise<{ daemonPort: number }> {
  const connection = await host.openCommandConnection();
  try {
    const running = host.link.health;
    const installed = await installDaemonOver((command, input) => connection.exec(command, input), {
      host: host.config.name,
      bundlePath,
      preferredPort: host.config.daemonPort,
      remoteDir: host.config.remoteDir,
      claudeCommand: host.config.claudeCommand,
      runningPid: running && host.view().updateAvailable ? running.pid : undefined,
      onProgress,
    });
    // A new port reconnects by itself; a reinstall on the same port needs a reconnect to the new daemon.
    const portChanged = installed.port !== host.config.daemonPort;
    await host.configure({ daemonPort: installed.port, daemonToken: installed.token });
    if (!portChanged) await host.reconnect();
    return { daemonPort: installed.port };
  } finally {
    await connection.stop();
  }
}
