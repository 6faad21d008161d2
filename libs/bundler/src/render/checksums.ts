import { createHash } from 'node:crypto';
import type { BundleFile } from '@aicr/contracts';

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * A `sha256sum -c` file (BUNDLES.md §8): `<hex>  <path>` per line, sorted by path in byte order,
 * newline-terminated. `prefix` (e.g. `gpu-operator/`) is stripped so a component's list verifies
 * from inside its folder; files outside the prefix are ignored.
 */
export function checksumsFile(files: BundleFile[], prefix = ''): string {
  const lines = files
    .filter((f) => f.path.startsWith(prefix))
    .map((f) => ({ path: f.path.slice(prefix.length), digest: sha256Hex(Buffer.from(f.content, 'utf8')) }))
    .sort((a, b) => byteOrder(a.path, b.path))
    .map((l) => `${l.digest}  ${l.path}\n`);
  return lines.join('');
}

export { byteOrder };
