import { useEffect, useState } from 'react';

/** Hash routes work the same over file:// (Electron) and http:// from any sub path (browser mode). */
export const ROUTE_IDS = ['integrations', 'rules', 'events', 'log', 'sandbox', 'dead', 'health', 'reports', 'settings'] as const;
export type Route = (typeof ROUTE_IDS)[number];

/** `#/dead?integration=…` → 'dead'. */
export function currentRoute(): Route {
  const id = window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return (ROUTE_IDS as readonly string[]).includes(id) ? (id as Route) : 'integrations';
}

/** The query part of the hash route, e.g. the integration a screen is filtered by. */
export function routeParams(): URLSearchParams {
  const hash = window.location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at >= 0 ? hash.slice(at + 1) : '');
}

export function navigate(route: Route, params?: Record<string, string>): void {
  const query = params && Object.keys(params).length ? `?${new URLSearchParams(params).toString()}` : '';
  window.location.hash = `/${route}${query}`;
}

/** The hash route's query, kept current as the hash changes. */
export function useRouteParams(): URLSearchParams {
  const [params, setParams] = useState(routeParams);
  useEffect(() => {
    const onHash = () => setParams(routeParams());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return params;
}
