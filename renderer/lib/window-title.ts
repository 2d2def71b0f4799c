/**
 * The window's (and the browser tab's) title: what needs the developer, then where they are.
 * "(2 waiting) work — Switchyard": seen in the task bar or a tab strip while looking elsewhere.
 */
import type { HostView, SessionView } from '../../shared/desk-api.js';
import type { Route } from '../state/route.js';

export const APP_NAME = 'Switchyard';

export function windowTitle(waiting: number, place: string | null): string {
  const count = waiting > 0 ? `(${waiting} waiting) ` : '';
  return `${count}${place ? `${place} — ` : ''}${APP_NAME}`;
}

/** What the title calls the view on screen: the session's name, a host's health; the board is the app itself. */
export function placeOf(route: Route, sessions: ReadonlyMap<string, SessionView>, hosts: ReadonlyMap<string, HostView>): string | null {
  if (route.view === 'session') return sessions.get(route.key)?.name ?? null;
  if (route.view === 'health') {
    const host = hosts.get(route.hostId);
    return host ? `Health of ${host.name}` : null;
  }
  return null;
}
