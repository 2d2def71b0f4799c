/** A desk for tests: the bundled daemon and real Claude CLI of a test world, called as a window would. */
import type { ClaudeTestEnv } from '../../../daemon/testing/harness.js';
import { CLAUDE_BIN, DAEMON_BUNDLE } from '../../../daemon/testing/harness.js';
import { Desk, type DeskOptions } from '../desk.js';
import { createDispatch, type DeskDispatch } from '../desk-dispatch.js';
import { deskHandlers } from '../desk-handlers.js';

export interface TestDesk {
  desk: Desk;
  dispatch: DeskDispatch;
  call: <T>(method: string, params?: unknown) => Promise<T>;
}

export async function openTestDesk(env: ClaudeTestEnv, options: Partial<DeskOptions> & { dataDir: string }): Promise<TestDesk> {
  const desk = await Desk.open({
    mode: 'browser',
    version: '0.1.0',
    daemonBundle: DAEMON_BUNDLE,
    localClaudeCommand: CLAUDE_BIN,
    localDaemonEnv: env.env,
    ...options,
  });
  const dispatch = createDispatch(deskHandlers(desk));
  return { desk, dispatch, call: <T>(method: string, params: unknown = {}) => dispatch(method, params) as Promise<T> };
}
