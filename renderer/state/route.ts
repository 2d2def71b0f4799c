/** Where the user is, kept in the URL hash so a reload comes back to the same place. */
import { useEffect, useState } from 'react';

export type Route = { view: 'board' } | { view: 'session'; key: string } | { view: 'health'; hostId: string };

export function parseRoute(hash: string): Route {
  const [view, ...rest] = hash.replace(/^#\/?/, '').split('/');
  let arg: string;
  try {
    arg = decodeURIComponent(rest.join('/'));
  } catch {
    return { view: 'board' };
  }
  if (view === 'session' && arg) return { view: 'session', key: arg };
  if (view === 'health' && arg) return { view: 'health', hostId: arg };
  return { view: 'board' };
}

export function routeHash(route: Route): string {
  if (route.view === 'session') return `#/session/${encodeURIComponent(route.key)}`;
  if (route.view === 'health') return `#/health/${encodeURIComponent(route.hostId)}`;
  return '#/';
}

export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
