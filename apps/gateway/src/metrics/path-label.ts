/**
 * The `path` label of the HTTP series (API.md §8.8): the route pattern for known routes, `/docs`
 * for everything under the docs page, `unmatched` for 404s — never the raw path, whose values a
 * client could make unbounded.
 */
export const DOCS_PREFIX = '/docs';

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * `route` is the matched route pattern (undefined when the not-found handler answered);
 * `knownPaths` are the registered patterns, so a wrong method on a known path (405, answered by
 * the not-found handler) still counts under that path.
 */
export function pathLabel(route: string | undefined, url: string, knownPaths: ReadonlySet<string>): string {
  const path = route ?? pathOf(url);
  if (path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)) return DOCS_PREFIX;
  if (route !== undefined) return route;
  return knownPaths.has(path) ? path : 'unmatched';
}
