/**
 * Entry names: validation (defence in depth, BUNDLES.md §15.2 item 5 / API.md H24), the
 * directory entries implied by file paths, and the byte-wise order of the archive.
 */

export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
}

/** Throws UnsafePathError unless `path` is a clean relative file path with `/` separators. */
export function assertSafePath(path: string): void {
  const reject = (why: string): never => {
    throw new UnsafePathError(`unsafe archive path ${JSON.stringify(path)}: ${why}`);
  };
  if (typeof path !== 'string' || path.length === 0) reject('empty');
  if (path.includes('\0')) reject('contains NUL');
  if (path.includes('\\')) reject('contains a backslash');
  if (path.startsWith('/')) reject('absolute');
  // archiver strips a leading "word:" (drive letter) from names; refuse what it would rewrite.
  if (/^\w+:/.test(path)) reject('starts with a drive-like prefix');
  if (path.endsWith('/')) reject('names a directory (directory entries are derived)');
  for (const seg of path.split('/')) {
    if (seg === '') reject('has an empty segment');
    if (seg === '..') reject('has a ".." segment');
    if (seg === '.') reject('has a "." segment');
  }
  if (Buffer.byteLength(path, 'utf8') > 0xffff) reject('too long');
}

/** Byte-wise comparison of the UTF-8 encodings (the archive's entry order). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Every parent folder of the given file paths, each once, with a trailing `/`, byte-wise sorted. */
export function directoryEntries(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const segs = p.split('/');
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join('/') + '/');
  }
  return [...dirs].sort(compareBytes);
}
