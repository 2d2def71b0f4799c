/** Whether the sidebar is collapsed to a strip of icons: the user's choice, kept across reloads (localStorage). */
import { useSyncExternalStore } from 'react';
import { IS_MAC } from '../lib/keys.js';

const STORAGE_KEY = 'switchyard.sidebar.collapsed';
const listeners = new Set<() => void>();
let collapsed = read();

function read(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}

export function setSidebarCollapsed(value: boolean): void {
  if (value === collapsed) return;
  collapsed = value;
  try {
    localStorage.setItem(STORAGE_KEY, String(value));
  } catch {
    // Storage disabled: the choice lasts as long as the page.
  }
  for (const listener of listeners) listener();
}

export function toggleSidebar(): void {
  setSidebarCollapsed(!collapsed);
}

export function useSidebarCollapsed(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => collapsed,
  );
}

/** Ctrl+B (⌘B on macOS), as editors toggle their side bar; the app binds nothing else to it. */
export function isSidebarShortcut(event: KeyboardEvent): boolean {
  const mod = IS_MAC ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'b';
}

export const SIDEBAR_SHORTCUT_LABEL = IS_MAC ? '⌘B' : 'Ctrl+B';
