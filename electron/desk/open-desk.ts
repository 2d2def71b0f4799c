/** Opens the desk with the settings of the environment; the entry point of both transports. */
import { appPaths } from './app-paths.js';
import { appDataDir } from './data-dir.js';
import { Desk } from './desk.js';
import { deskHandlers } from './desk-handlers.js';
import { createDispatch, type DeskDispatch } from './desk-dispatch.js';

export interface OpenedDesk {
  desk: Desk;
  dispatch: DeskDispatch;
  rendererDir: string;
}

export async function openDesk(mode: 'electron' | 'browser', env: NodeJS.ProcessEnv = process.env): Promise<OpenedDesk> {
  const paths = appPaths();
  const desk = await Desk.open({
    dataDir: appDataDir(env),
    mode,
    version: paths.version,
    daemonBundle: paths.daemonBundle,
    localClaudeCommand: env.SWITCHYARD_CLAUDE ?? 'claude',
    localDaemonEnv: env,
    ...(env.SWITCHYARD_SSH_CONFIG ? { sshConfigFile: env.SWITCHYARD_SSH_CONFIG } : {}),
    log: (message) => process.stderr.write(`[daemon] ${message}\n`),
  });
  return { desk, dispatch: createDispatch(deskHandlers(desk)), rendererDir: paths.rendererDir };
}
