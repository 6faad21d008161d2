/**
 * Deterministic zip (BUNDLES.md §11) with archiver: entries byte-wise sorted with directory
 * entries, fixed UTC timestamp, fixed modes, deflate level 9, no extra fields, no comment.
 *
 * Why archiver's output is deterministic here: archiver 8 / zip-stream 7 / compress-commons 7
 * write no extra fields (no extended-timestamp field) and no comment unless asked, append
 * in call order (one queue), and convert the Date with UTC getters when `forceLocalTime` is
 * false — we pass it explicitly and tests run in other time zones to hold them to it.
 * Buffers are deflated in one piece, so compressed bytes depend only on content and level.
 */
import { ZipArchive } from 'archiver';
import type { BundleFile } from '@aicr/contracts';
import { assertSafePath, compareBytes, directoryEntries, UnsafePathError } from './paths';

export interface ZipOptions {
  /** Unix seconds (SOURCE_DATE_EPOCH); null/undefined → 1980-01-01T00:00:00 UTC. */
  sourceDateEpoch?: number | null;
}

/** The compression level, fixed so equal input gives equal bytes. */
export const DEFLATE_LEVEL = 9;
const DOS_EPOCH_SECONDS = Date.UTC(1980, 0, 1) / 1000;

/**
 * The entry timestamp: the epoch rounded down to an even second (DOS resolution); before
 * 1980 it clamps to 1980-01-01 (the DOS epoch). compress-commons clamps years >= 2044 to
 * 2043-12-31T23:59:58.
 */
export function entryDate(sourceDateEpoch: number | null | undefined): Date {
  if (sourceDateEpoch === null || sourceDateEpoch === undefined) return new Date(DOS_EPOCH_SECONDS * 1000);
  if (!Number.isFinite(sourceDateEpoch)) throw new RangeError(`sourceDateEpoch must be a finite number, got ${sourceDateEpoch}`);
  const seconds = Math.max(DOS_EPOCH_SECONDS, Math.floor(sourceDateEpoch));
  return new Date((seconds - (seconds % 2)) * 1000);
}

const FILE_MODES = new Set([0o644, 0o755]);

/** Builds the whole archive in memory. Throws UnsafePathError / RangeError on bad input. */
export async function createZip(files: BundleFile[], options: ZipOptions = {}): Promise<Buffer> {
  const seen = new Set<string>();
  for (const f of files) {
    assertSafePath(f.path);
    if (seen.has(f.path)) throw new UnsafePathError(`duplicate archive path ${JSON.stringify(f.path)}`);
    seen.add(f.path);
    if (!FILE_MODES.has(f.mode)) throw new RangeError(`unsupported mode ${f.mode.toString(8)} for ${f.path} (0644 or 0755)`);
  }
  const dirs = directoryEntries(files.map((f) => f.path));
  for (const d of dirs) {
    if (seen.has(d.slice(0, -1))) throw new UnsafePathError(`path ${JSON.stringify(d.slice(0, -1))} is both a file and a folder`);
  }
  const date = entryDate(options.sourceDateEpoch);

  type Entry = { name: string; content: Buffer | null; mode: number };
  const entries: Entry[] = [
    ...dirs.map((name) => ({ name, content: null, mode: 0o755 })),
    ...files.map((f) => ({ name: f.path, content: Buffer.from(f.content, 'utf8'), mode: f.mode })),
  ].sort((a, b) => compareBytes(a.name, b.name));

  const archive = new ZipArchive({ zlib: { level: DEFLATE_LEVEL }, forceLocalTime: false, comment: '' });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (c: Buffer) => chunks.push(c));
    archive.on('end', () => resolve());
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  for (const e of entries) {
    if (e.content === null) archive.append(Buffer.alloc(0), { name: e.name, type: 'directory', date, mode: e.mode, store: true });
    else archive.append(e.content, { name: e.name, type: 'file', date, mode: e.mode });
  }
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
