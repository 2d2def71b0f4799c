/**
 * "Rename" asked for from outside the session's header (the palette): the header owns the
 * editing, so it is told, and a request made while no header of that session is on screen is dropped.
 */
import { useEffect } from 'react';

const listeners = new Set<(key: string) => void>();

export function requestRename(key: string): void {
  for (const listener of listeners) listener(key);
}

/** Calls `start` whenever a rename of this session is asked for. */
export function useRenameRequest(key: string, start: () => void): void {
  useEffect(() => {
    const listener = (asked: string) => asked === key && start();
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, [key, start]);
}
