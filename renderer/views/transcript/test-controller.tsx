/** A controller on a store with the given hosts and sessions, and a desk that records calls, for renderer tests. */
import type { ReactNode } from 'react';
import type { DeskApi, HostView, SessionView } from '../../../shared/desk-api.js';
import type { RendererApi } from '../../api.js';
import { Controller } from '../../state/controller.js';
import { ControllerContext } from '../../state/hooks.js';
import { Store } from '../../state/store.js';

export interface DeskCall {
  method: string;
  params: unknown;
}

export interface FakeWorld {
  controller: Controller;
  calls: DeskCall[];
  /** The element inside the controller's context. */
  wrap(element: ReactNode): ReactNode;
}

/** `answer` decides each call's outcome (a value or a rejection); by default every call resolves `{}`. */
export function fakeWorld(hosts: HostView[], sessions: SessionView[], answer: (method: string, params: unknown) => Promise<unknown> = async () => ({})): FakeWorld {
  const calls: DeskCall[] = [];
  const desk = new Proxy({} as DeskApi, {
    get: (_target, method: string) => (params: unknown) => {
      calls.push({ method, params });
      return answer(method, params);
    },
  });
  const api: RendererApi = { desk, subscribe: () => () => undefined };
  const store = new Store();
  store.loaded({ hosts, sessions, appInfo: null });
  const controller = new Controller(api, store);
  return { controller, calls, wrap: (element) => <ControllerContext.Provider value={controller}>{element}</ControllerContext.Provider> };
}

/** "This computer", connected, with the given Claude status. */
export function localHost(claude: HostView['claude'] = null, change: Partial<HostView> = {}): HostView {
  return {
    id: 'local',
    name: 'This computer',
    kind: 'local',
    daemonPort: 0,
    link: { status: 'connected' },
    daemonVersion: '1',
    updateAvailable: false,
    capabilities: [],
    storage: null,
    models: [],
    claude,
    ...change,
  };
}
