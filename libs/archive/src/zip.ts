/**
 * Deterministic zip (BUNDLES.md §11): entries byte-wise sorted with directory entries, fixed UTC
 * timestamp, fixed modes, deflate level 9, no extra fields, no comment.
 *
 * Written here rather than through archiver: archiver streamed every entry through its own
 * queue and a zlib stream, which made the zip ~60% of an in-process bundle's time
 * (docs/benchmarks.md). This writer lays out the very bytes archiver 8 / zip-stream 7 /
 * compress-commons 7 wrote for our entries (same header fields, data descriptors, attributes;
 * checked byte for byte on every bundle of our catalog, zip-compat.test.ts). Each buffer is
 * deflated in one piece, so the compressed bytes depend only on content and level.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import type { BundleFile } from '@aicr/contracts';
import { assertSafePath, compareBytes, directoryEntries, UnsafePathError } from './paths';

/**
 * Deflate runs on this thread (a thread-pool call per file cost more in hand-offs and zlib
 * state than the deflating itself) but hands the event loop back after this much of it, so a
 * large bundle never holds up other requests for long.
 */
const YIELD_EVERY_MS = 5;

export interface ZipOptions {
  /** Unix seconds (SOURCE_DATE_EPOCH); null/undefined → 1980-01-01T00:00:00 UTC. */
  sourceDateEpoch?: number | null;
}

/** The compression level, fixed so equal input gives equal bytes. */
export const DEFLATE_LEVEL = 9;
const DOS_EPOCH_SECONDS = Date.UTC(1980, 0, 1) / 1000;

/**
 * The entry timestamp: the epoch rounded down to an even second (DOS resolution); before
 * 1980 it clamps to 1980-01-01 (the DOS epoch). The DOS fields clamp years >= 2044 to
 * 2043-12-31T23:59:58, as compress-commons did (dosTime).
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

  const entries: Entry[] = [
    ...dirs.map((name) => ({ name, content: null, mode: 0o755 })),
    ...files.map((f) => ({ name: f.path, content: Buffer.from(f.content, 'utf8'), mode: f.mode })),
  ].sort((a, b) => compareBytes(a.name, b.name));

  return writeZip(entries, dosTime(date));
}

// Record signatures and the field values compress-commons wrote for our entries.
const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
/** "Version made by": Unix (3), spec version 4.5. */
const MADE_BY_UNIX = (3 << 8) | 45;
const FLAG_DATA_DESCRIPTOR = 1 << 3;
const FLAG_UTF8_NAME = 1 << 11;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const DOS_DIRECTORY = 0x10;
const DOS_ARCHIVE = 0x20;
/** Beyond these the format needs zip64, which the bundle caps keep us far from. */
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/** MS-DOS date/time from the UTC fields; before 1980 → 1980-01-01, from 2044 → 2043-12-31 23:59:58. */
function dosTime(date: Date): number {
  const year = date.getUTCFullYear();
  if (year < 1980) return 2162688;
  if (year >= 2044) return 2141175677;
  const fields =
    ((year - 1980) << 25) | ((date.getUTCMonth() + 1) << 21) | (date.getUTCDate() << 16) | (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  return fields >>> 0;
}

type Entry = { name: string; content: Buffer | null; mode: number };

async function writeZip(entries: Entry[], time: number): Promise<Buffer> {
  if (entries.length > MAX_ENTRIES) throw new RangeError(`too many zip entries (${entries.length}, at most ${MAX_ENTRIES})`);
  const deflated: Array<Buffer | null> = [];
  let since = performance.now();
  for (const e of entries) {
    deflated.push(e.content && e.content.length > 0 ? deflateRawSync(e.content, { level: DEFLATE_LEVEL }) : null);
    if (performance.now() - since > YIELD_EVERY_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const directory = e.content === null;
    const name = Buffer.from(e.name, 'utf8');
    const data = deflated[i];
    const size = e.content?.length ?? 0;
    const compressed = data?.length ?? 0;
    const crc = size > 0 ? crc32(e.content!) >>> 0 : 0;
    // Directories are stored with their (zero) sizes in the header; files, empty ones (stored)
    // included, carry a data descriptor after the data, as compress-commons wrote them.
    const descriptor = !directory;
    const method = data ? 8 : 0;
    const flags = (descriptor ? FLAG_DATA_DESCRIPTOR : 0) | (name.length !== e.name.length ? FLAG_UTF8_NAME : 0);
    const version = descriptor ? 20 : 10;

    const header = Buffer.alloc(30);
    header.writeUInt32LE(SIG_LOCAL, 0);
    header.writeUInt16LE(version, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt32LE(time, 10);
    if (!descriptor) {
      header.writeUInt32LE(crc, 14);
      header.writeUInt32LE(compressed, 18);
      header.writeUInt32LE(size, 22);
    }
    header.writeUInt16LE(name.length, 26);
    local.push(header, name);
    if (data) local.push(data);
    let length = header.length + name.length + compressed;
    if (descriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(SIG_DESCRIPTOR, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(compressed, 8);
      dd.writeUInt32LE(size, 12);
      local.push(dd);
      length += dd.length;
    }

    const record = Buffer.alloc(46);
    record.writeUInt32LE(SIG_CENTRAL, 0);
    record.writeUInt16LE(MADE_BY_UNIX, 4);
    record.writeUInt16LE(version, 6);
    record.writeUInt16LE(flags, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt32LE(time, 12);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(compressed, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    // External attributes: Unix mode and type in the high half, the MS-DOS attribute below.
    record.writeUInt32LE((((e.mode | (directory ? S_IFDIR : S_IFREG)) << 16) | (directory ? DOS_DIRECTORY : DOS_ARCHIVE)) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    offset += length;
    if (offset > MAX_OFFSET) throw new RangeError('zip larger than 4 GiB');
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}
