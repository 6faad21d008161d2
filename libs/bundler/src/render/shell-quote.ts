/**
 * The one quoting function for generated shell (BUNDLES.md §6, §15.2 item 2). Every value that
 * comes from a plan (names, namespaces, versions, sources, paths, URLs) reaches a script or a
 * README command only through here, as one single-quoted word in which nothing expands.
 */
export function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line from words that are already shell syntax (quoted values, fixed flags). */
export const words = (...parts: (string | false | undefined | null)[]): string =>
  parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
