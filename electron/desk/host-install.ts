/**
 * Installs (or updates) Switchyard's daemon on an SSH host over a short-lived connection of its
 * own, then points the host at the port it listens on and reconnects.
 */
import { readFile } from 'node:fs/promises';
import { newToken } from '../../shared/node/token.js';
import { installDaemon, updateDaemon, type BootstrapProgress } from '../ssh/bootstrap.js';
import type { HostRuntime } from './host-runtime.js';

export async function installOnHost(host: HostRuntime, bundlePath: string, onProgress: (progress: BootstrapProgress) => void): Promise<{ daemonPort: number }> {
  const connection = await host.openCommandConnection();
  try {
    const options = {
      host: host.config.name,
      exec: (command: string, input?: Buffer) => connection.exec(command, input),
      bundle: await readFile(bundlePath),
      preferredPort: host.config.daemonPort,
      ...(host.config.remoteDir ? { remoteDir: host.config.remoteDir } : {}),
      ...(host.config.claudeCommand ? { claudeCommand: host.config.claudeCommand } : {}),
      // A new token with every install: whoever had the old one does not have this one.
      token: newToken(),
      onProgress,
    };
    const running = host.link.health;
    const installed = running && host.view().updateAvailable ? await updateDaemon(options, running.pid) : await installDaemon(options);
    // A new port reconnects by itself; a reinstall on the same port needs a reconnect to the new daemon.
    const portChanged = installed.port !== host.config.daemonPort;
    await host.configure({ daemonPort: installed.port, daemonToken: options.token });
    if (!portChanged) await host.reconnect();
    return { daemonPort: installed.port };
  } finally {
    await connection.stop();
  }
}
