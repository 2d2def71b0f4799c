/**
 * The desk's methods: one function per entry of DESK_METHODS, called with params the table's
 * schema has checked. Each one calls one owner (the desk, a host or a session) and answers.
 */
import type { z } from 'zod';
import { DESK_METHODS, type DeskMethodName, type DeskResult } from '../../shared/desk-api.js';
import { scanHostKeys, trustHostKey } from '../ssh/host-keys.js';
import { SYSTEM_SSH } from '../ssh/ssh-command.js';
import { listHostAliases, resolveHost } from '../ssh/ssh-config.js';
import { parseSshTarget, type SshTarget } from '../ssh/ssh-target.js';
import type { Desk } from './desk.js';
import { DeskError } from './desk-error.js';
import { installOnHost } from './host-install.js';

type Parsed<M extends DeskMethodName> = z.output<(typeof DESK_METHODS)[M]['params']>;
export type DeskHandlers = { [M in DeskMethodName]: (params: Parsed<M>) => Promise<DeskResult<M>> };

const OK = { ok: true } as const;

export function deskHandlers(desk: Desk): DeskHandlers {
  const tools = desk.options.sshTools ?? SYSTEM_SSH;
  const locate = async (target: SshTarget) => {
    const resolved = await resolveHost(tools, target);
    return { hostname: resolved.hostname, port: resolved.port, knownHostsFile: resolved.knownHostsFiles[0]! };
  };
  const keyLocation = async (hostId: string) => {
    const target = desk.host(hostId).sshTarget;
    if (!target) throw new DeskError('invalid_params', 'This host is reached without SSH; it has no host key to check.');
    return locate(target);
  };
  /** A target typed in Add host (not added yet), as ssh will be given it. */
  const parsedTarget = (text: string): SshTarget => {
    try {
      return { ...parseSshTarget(text), ...(desk.options.sshConfigFile ? { configFile: desk.options.sshConfigFile } : {}) };
    } catch (error) {
      throw new DeskError('invalid_params', (error as Error).message);
    }
  };

  return {
    'app.info': async () => ({ version: desk.options.version, mode: desk.options.mode, dataDir: desk.options.dataDir }),
    'app.notices': async () => desk.notices(),

    'hosts.list': async () => [...desk.hosts.values()].map((host) => host.view()),
    'hosts.add': async ({ target, name, daemonPort, claudeCommand, remoteDir, testId }) => {
      let ssh;
      try {
        ssh = parseSshTarget(target);
      } catch (error) {
        throw new DeskError('invalid_params', (error as Error).message);
      }
      // A test of this target found (or installed) its daemon: that port, and its token.
      const tested = testId ? desk.hostTests.take(testId, target) : undefined;
      const host = desk.addSshHost({
        name: name ?? target,
        ssh,
        daemonPort: daemonPort ?? tested?.daemonPort ?? 9100,
        ...(tested?.daemonToken ? { daemonToken: tested.daemonToken } : {}),
        ...(claudeCommand ? { claudeCommand } : {}),
        ...(remoteDir ? { remoteDir } : {}),
      });
      return host.view();
    },
    'hosts.edit': async ({ hostId, name, daemonPort, claudeCommand }) => {
      const host = desk.host(hostId);
      await host.configure({ ...(name ? { name } : {}), ...(daemonPort ? { daemonPort } : {}), ...(claudeCommand !== undefined ? { claudeCommand } : {}) });
      return host.view();
    },
    'hosts.remove': async ({ hostId }) => {
      await desk.removeHost(hostId);
      return OK;
    },
    'hosts.checkClaude': async ({ hostId }) => {
      const host = desk.host(hostId);
      await host.link.checkClaudeNow();
      return host.view();
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
    'hosts.installDaemon': async ({ hostId }) =>
      installOnHost(desk.host(hostId), desk.options.daemonBundle, (progress) => desk.notice('info', progress.message, { hostId })),
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
    'hosts.test': async (params) => desk.hostTests.run(params),
    'hosts.cancelTest': async ({ testId }) => {
      await desk.hostTests.cancel(testId);
      return OK;
    },
    'hosts.targetHostKeys': async ({ target }) => {
      const keys = await scanHostKeys(tools, await locate(parsedTarget(target)));
      return { keys: keys.map(({ type, fingerprint }) => ({ type, fingerprint })) };
    },
    'hosts.trustTargetHostKey': async ({ target, fingerprint }) => {
      await trustHostKey(tools, await locate(parsedTarget(target)), fingerprint);
      return OK;
    },

    'sessions.list': async () => [...desk.sessions.values()].map((session) => session.view()),
    'sessions.create': async ({ hostId, path, mode, model, createFolder }) => (await desk.createSession(hostId, path, mode, model, createFolder)).view(),
    'sessions.send': async ({ key, message, id }) => desk.session(key).send(message, id),
    'sessions.interrupt': async ({ key }) => ({ interrupted: await desk.session(key).interrupt() }),
    'sessions.cancelQueued': async ({ key, n }) => ({ message: await desk.session(key).cancelQueued(n) }),
    'sessions.setMode': async ({ key, mode }) => {
      await desk.session(key).changeMode(mode);
      return OK;
    },
    'sessions.setModel': async ({ key, model }) => {
      await desk.session(key).changeModel(model);
      return OK;
    },
    'sessions.answer': async ({ key, requestId, ...answer }) => {
      await desk.session(key).answer(requestId, answer);
      return OK;
    },
    'sessions.resume': async ({ key }) => {
      const { ok, fallback } = await desk.session(key).resume();
      return { ok, fallback };
    },
    'sessions.restore': async ({ key }) => {
      const session = desk.session(key);
      await session.restore();
      return session.view();
    },
    'sessions.destroy': async ({ key }) => {
      await desk.destroySession(key);
      return OK;
    },
    'sessions.rename': async ({ key, name }) => {
      const session = desk.session(key);
      session.rename(name);
      return session.view();
    },
    'sessions.markRead': async ({ key }) => {
      desk.session(key).markRead();
      return OK;
    },
    'sessions.queueStats': async ({ key }) => desk.session(key).refreshQueue(),
    'sessions.transcript': async ({ key, before, limit }) => {
      const store = await desk.session(key).transcript();
      return { items: store.page(before, limit), total: store.length };
    },
    'sessions.watch': async ({ stream, key, after, tail }) => desk.watch(stream, key, after, tail),
    'sessions.unwatch': async ({ stream, key }) => {
      desk.channel(stream).unwatch(key);
      return OK;
    },
    'sessions.recentPaths': async ({ hostId }) => ({ paths: desk.recentPaths(hostId) }),

    'health.current': async ({ hostId }) => desk.healthNow(hostId),
    'health.series': async ({ hostId }) => desk.host(hostId).series.all(),
  };
}
