/** The desk's methods: one function per entry of DESK_METHODS, called with checked params. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DESK_METHODS, type DeskMethodName, type DeskResult } from '../../shared/desk-api.js';
import { installDaemon, updateDaemon } from '../ssh/bootstrap.js';
import { scanHostKeys, trustHostKey } from '../ssh/host-keys.js';
import { SYSTEM_SSH } from '../ssh/ssh-command.js';
import { listHostAliases, resolveHost } from '../ssh/ssh-config.js';
import type { Desk } from './desk.js';

type Parsed<M extends DeskMethodName> = z.output<(typeof DESK_METHODS)[M]['params']>;
export type DeskHandlers = { [M in DeskMethodName]: (params: Parsed<M>) => Promise<DeskResult<M>> };

/** `alias`, `host`, `user@host`, `host:port` or `user@host:port`. */
export function parseSshTarget(target: string): { host: string; user?: string; port?: number } {
  const match = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(target.trim());
  if (!match) throw new Error(`"${target}" is not an SSH alias or user@host:port`);
  const [, user, host, port] = match;
  const portNumber = port ? Number(port) : undefined;
  if (portNumber !== undefined && (portNumber < 1 || portNumber > 65535)) throw new Error(`port ${port} is out of range`);
  return { host: host!.replace(/^\[(.*)\]$/, '$1'), ...(user ? { user } : {}), ...(portNumber ? { port: portNumber } : {}) };
}

const OK = { ok: true } as const;

export function deskHandlers(desk: Desk): DeskHandlers {
  const tools = desk.options.sshTools ?? SYSTEM_SSH;
  const notice = (level: 'info' | 'warning' | 'error', message: string, hostId?: string) =>
    desk.emit({ type: 'notice', notice: { level, message, ...(hostId ? { hostId } : {}) } });
  const keyLocation = async (hostId: string) => {
    const target = desk.host(hostId).sshTarget;
    if (!target) throw new Error('This host is reached without SSH; it has no host key to check.');
    const resolved = await resolveHost(tools, target);
    return { hostname: resolved.hostname, port: resolved.port, knownHostsFile: resolved.knownHostsFiles[0]! };
  };

  return {
    'app.info': async () => ({ version: desk.options.version, mode: desk.options.mode, dataDir: desk.options.dataDir }),

    'hosts.list': async () => [...desk.hosts.values()].map((host) => host.view()),
    'hosts.add': async ({ target, name, daemonPort, claudeCommand, remoteDir }) => {
      const ssh = parseSshTarget(target);
      const config = {
        id: desk.newHostId(),
        name: name ?? target,
        kind: 'ssh' as const,
        ssh,
        daemonPort: daemonPort ?? 9100,
        ...(claudeCommand ? { claudeCommand } : {}),
        ...(remoteDir ? { remoteDir } : {}),
      };
      const host = desk.addHost(config);
      await desk.saveHosts();
      host.link.start();
      return host.view();
    },
    'hosts.edit': async ({ hostId, name, daemonPort, claudeCommand }) => {
      const host = desk.host(hostId);
      const reconnect = daemonPort !== undefined && daemonPort !== host.config.daemonPort;
      host.config = { ...host.config, ...(name ? { name } : {}), ...(daemonPort ? { daemonPort } : {}), ...(claudeCommand !== undefined ? { claudeCommand } : {}) };
      await desk.saveHosts();
      if (reconnect) {
        await host.link.pause();
        host.link.resume();
      }
      desk.emit({ type: 'host.changed', host: host.view() });
      return host.view();
    },
    'hosts.remove': async ({ hostId }) => {
      const host = desk.host(hostId);
      await host.link.stop();
      desk.hosts.delete(hostId);
      await desk.saveHosts();
      for (const session of [...desk.sessions.values()].filter((s) => s.entry.hostId === hostId)) await desk.removeSession(session.key);
      desk.emit({ type: 'host.removed', hostId });
      return OK;
    },
    'hosts.connect': async ({ hostId }) => {
      desk.host(hostId).link.resume();
      return OK;
    },
    'hosts.pause': async ({ hostId }) => {
      await desk.host(hostId).link.pause();
      return OK;
    },
    'hosts.resume': async ({ hostId }) => {
      desk.host(hostId).link.resume();
      return OK;
    },
    'hosts.installDaemon': async ({ hostId }) => {
      const host = desk.host(hostId);
      const tunnel = await host.openCommandTunnel();
      try {
        const options = {
          host: host.config.name,
          exec: (command: string, input?: Buffer) => tunnel.exec(command, input),
          bundle: await readFile(desk.options.daemonBundle),
          preferredPort: host.config.daemonPort,
          ...(host.config.remoteDir ? { remoteDir: host.config.remoteDir } : {}),
          ...(host.config.claudeCommand ? { claudeCommand: host.config.claudeCommand } : {}),
          onProgress: (progress: { message: string }) => notice('info', progress.message, hostId),
        };
        const running = host.link.health;
        const installed = running && host.view().updateAvailable ? await updateDaemon(options, running.pid) : await installDaemon(options);
        host.config = { ...host.config, daemonPort: installed.port };
        await desk.saveHosts();
        await host.link.pause();
        host.link.resume();
        return { daemonPort: installed.port };
      } finally {
        await tunnel.stop();
      }
    },
    'hosts.hostKeys': async ({ hostId }) => {
      const keys = await scanHostKeys(tools, await keyLocation(hostId));
      return { keys: keys.map(({ type, fingerprint }) => ({ type, fingerprint })) };
    },
    'hosts.trustHostKey': async ({ hostId, fingerprint }) => {
      await trustHostKey(tools, await keyLocation(hostId), fingerprint);
      desk.host(hostId).link.resume();
      return OK;
    },
    'hosts.sshAliases': async () => ({ aliases: await listHostAliases(desk.options.sshConfigFile) }),

    'sessions.list': async () => desk.sessionViews(),
    'sessions.create': async ({ hostId, path, mode }) => {
      const port = await desk.portFor(hostId);
      const sessionId = await desk.client.createSession(port, path, mode);
      const info = (await desk.client.listSessions(port)).find((s) => s.sessionId === sessionId);
      const runtime = desk.addSession(desk.newSessionEntry(hostId, { sessionId, path: info?.path ?? path, mode }));
      desk.markChanged(runtime);
      return runtime.view();
    },
    'sessions.send': async ({ key, message }) => {
      const session = desk.session(key);
      if (session.entry.lost) throw new Error(`The daemon no longer knows "${session.entry.name}"; restore it before sending.`);
      await session.send(message);
      return OK;
    },
    'sessions.interrupt': async ({ key }) => {
      const session = desk.session(key);
      const result = await desk.client.interruptSession(await desk.portFor(session.entry.hostId), session.entry.sessionId);
      return { interrupted: result.interrupted };
    },
    'sessions.setMode': async ({ key, mode }) => {
      const session = desk.session(key);
      await desk.client.setMode(await desk.portFor(session.entry.hostId), session.entry.sessionId, mode);
      session.entry.mode = mode;
      desk.markChanged(session);
      return OK;
    },
    'sessions.resume': async ({ key }) => {
      const session = desk.session(key);
      const port = await desk.portFor(session.entry.hostId);
      const result = await desk.client.resumeSession(port, session.entry.sessionId, session.entry.sdkSessionId ?? undefined);
      if (!result.ok) {
        session.entry.lost = true;
        desk.markChanged(session);
      } else if (result.fallback) {
        await session.addNotice('warning', "Claude's own session could not be resumed; the next message starts a fresh Claude session primed with this session's history.");
      } else {
        await session.addNotice('info', 'Resumed: the next message continues the same Claude session.');
      }
      return result;
    },
    'sessions.restore': async ({ key }) => {
      const session = desk.session(key);
      const port = await desk.portFor(session.entry.hostId);
      const sessionId = await desk.client.createSession(port, session.entry.path, session.entry.mode);
      const resumed = session.entry.sdkSessionId ? await desk.client.resumeSession(port, sessionId, session.entry.sdkSessionId) : { ok: true, fallback: true };
      session.rebind(sessionId);
      await session.addNotice(
        'info',
        `Restored: the daemon had forgotten this session, so a new daemon session continues it${
          session.entry.sdkSessionId && !resumed.fallback ? `, resuming Claude session ${session.entry.sdkSessionId}` : ' in a fresh Claude session'
        }. The transcript above is kept.`,
      );
      desk.markChanged(session);
      return session.view();
    },
    'sessions.destroy': async ({ key }) => {
      const session = desk.session(key);
      if (!session.entry.lost) {
        try {
          await desk.client.destroySession(await desk.portFor(session.entry.hostId), session.entry.sessionId);
        } catch (error) {
          if (!/Session not found/.test((error as Error).message)) throw error;
        }
      }
      await desk.removeSession(key);
      return OK;
    },
    'sessions.rename': async ({ key, name }) => {
      const session = desk.session(key);
      session.entry.name = name;
      desk.markChanged(session);
      return session.view();
    },
    'sessions.markRead': async ({ key }) => {
      const session = desk.session(key);
      if (session.entry.unread) {
        session.entry.unread = false;
        desk.markChanged(session);
      }
      return OK;
    },
    'sessions.queueStats': async ({ key }) => {
      const session = desk.session(key);
      const stats = await desk.client.getQueueStats(await desk.portFor(session.entry.hostId), session.entry.sessionId);
      session.queue = stats;
      desk.markChanged(session);
      return stats;
    },
    'sessions.transcript': async ({ key, before, limit }) => {
      const store = await desk.session(key).transcript();
      return { items: store.page(before, limit), total: store.length };
    },
    'sessions.recentPaths': async ({ hostId }) => {
      const sessions = [...desk.sessions.values()].filter((s) => s.entry.hostId === hostId).sort((a, b) => b.entry.createdAt.localeCompare(a.entry.createdAt));
      return { paths: [...new Set(sessions.map((s) => s.entry.path))].slice(0, 10) };
    },

    'health.current': async ({ hostId }) => {
      const host = desk.host(hostId);
      return { health: host.link.health ?? null, monitor: host.monitor };
    },
    'health.series': async ({ hostId }) => desk.host(hostId).series.all(),
  };
}
