import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Controller } from './controller.js';
import type { AppState } from './store.js';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController outside <ControllerContext.Provider>');
  return controller;
}

/** Subscribes to one slice; the selector must return a value that is stable while unchanged. */
export function useAppState<T>(select: (state: AppState) => T): T {
  const { store } = useController();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
