import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleFile } from '@aicr/contracts';
import { createZip, entryDate } from './zip';

const FILES: BundleFile[] = [
  { path: 'undeploy.sh', mode: 0o755, content: '#!/usr/bin/env bash\necho bye\n' },
  { path: 'kgateway/README.md', mode: 0o644, content: '# kgateway\n' },
  { path: 'kgateway-crds/manifests/crds.yaml', mode: 0o644, content: 'kind: CustomResourceDefinition\n'.repeat(50) },
  { path: 'README.md', mode: 0o644, content: '# Bundle\n' },
  { path: 'gpu-operator/README.md', mode: 0o644, content: 'gpu ✓\n' },
  { path: 'gpu-operator/scripts/install.sh', mode: 0o755, content: '#!/usr/bin/env bash\n' },
  { path: 'deploy.sh', mode: 0o755, content: '#!/usr/bin/env bash\necho hi\n' },
  { path: 'empty.txt', mode: 0o644, content: '' },
];

const EXPECTED_ORDER = [
  'README.md',
  'deploy.sh',
  'empty.txt',
  'gpu-operator/',
  'gpu-operator/README.md',
  'gpu-operator/scripts/',
  'gpu-operator/scripts/install.sh',
  'kgateway-crds/',
  'kgateway-crds/manifests/',
  'kgateway-crds/manifests/crds.yaml',
  'kgateway/',
  'kgateway/README.md',
  'undeploy.sh',
];

const work = mkdtempSync(join(tmpdir(), 'aicr-zip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function save(buf: Buffer, name: string): string {
  const p = join(work, name);
  writeFileSync(p, buf);
  return p;
}

/** Central directory records: name, DOS time/date, external attributes, extra length. */
function centralEntries(buf: Buffer) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  const commentLen = buf.readUInt16LE(eocd + 20);
  let off = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(off)).toBe(0x02014b50);
    const method = buf.readUInt16LE(off + 10);
    const time = buf.readUInt16LE(off + 12);
    const date = buf.readUInt16LE(off + 14);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const fileCommentLen = buf.readUInt16LE(off + 32);
    const ext = buf.readUInt32LE(off + 38);
    const localOff = buf.readUInt32LE(off + 42);
    const name = buf.toString('utf8', off + 46, off + 46 + nameLen);
    const localExtraLen = buf.readUInt16LE(localOff + 28);
    out.push({ name, method, time, date, mode: (ext >>> 16) & 0o7777, type: (ext >>> 16) & 0o170000, extraLen, localExtraLen, fileCommentLen });
    off += 46 + nameLen + extraLen + fileCommentLen;
  }
  return { entries: out, commentLen };
}

function dos(y: number, mo: number, d: number, h: number, mi: number, s: number) {
  return { date: ((y - 1980) << 9) | (mo << 5) | d, time: (h << 11) | (mi << 5) | (s >> 1) };
}

describe('createZip', () => {
  it('orders entries by byte-wise full path, directories included', async () => {
    const { entries } = centralEntries(await createZip(FILES));
    expect(entries.map((e) => e.name)).toEqual(EXPECTED_ORDER);
  });

  it('writes fixed modes, stored directories, deflated files, no extra fields, no comments', async () => {
    const { entries, commentLen } = centralEntries(await createZip(FILES));
    expect(commentLen).toBe(0);
    const byName = new Map(FILES.map((f) => [f.path, f]));
    for (const e of entries) {
      expect(e.extraLen).toBe(0);
      expect(e.localExtraLen).toBe(0);
      expect(e.fileCommentLen).toBe(0);
      if (e.name.endsWith('/')) {
        expect([e.name, e.mode, e.type, e.method]).toEqual([e.name, 0o755, 0o040000, 0]);
      } else {
        const f = byName.get(e.name)!;
        expect([e.name, e.mode, e.type]).toEqual([e.name, f.mode, 0o100000]);
        expect(e.method).toBe(f.content === '' ? 0 : 8);
      }
    }
  });

  it.each([
    { epoch: undefined, want: dos(1980, 1, 1, 0, 0, 0) },
    { epoch: null, want: dos(1980, 1, 1, 0, 0, 0) },
    { epoch: 0, want: dos(1980, 1, 1, 0, 0, 0) },
    { epoch: -5, want: dos(1980, 1, 1, 0, 0, 0) },
    { epoch: 315532800, want: dos(1980, 1, 1, 0, 0, 0) },
    { epoch: 1700000001, want: dos(2023, 11, 14, 22, 13, 20) }, // odd second rounds down
    { epoch: 1735689599, want: dos(2024, 12, 31, 23, 59, 58) }, // local TZ would change the day
    { epoch: 1735689600.9, want: dos(2025, 1, 1, 0, 0, 0) },
  ])('DOS date/time from sourceDateEpoch $epoch', async ({ epoch, want }) => {
    const { entries } = centralEntries(await createZip(FILES, { sourceDateEpoch: epoch }));
    for (const e of entries) expect({ date: e.date, time: e.time }).toEqual(want);
  });

  it('rejects a non-finite epoch', async () => {
    await expect(createZip(FILES, { sourceDateEpoch: Number.NaN })).rejects.toThrow(RangeError);
    expect(entryDate(null).toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });

  it('is byte-identical for equal input, in any input order', async () => {
    const a = await createZip(FILES, { sourceDateEpoch: 1700000000 });
    const b = await createZip([...FILES].reverse(), { sourceDateEpoch: 1700000000 });
    expect(a.equals(b)).toBe(true);
    const c = await createZip(FILES, { sourceDateEpoch: 1700000002 });
    expect(a.equals(c)).toBe(false);
  });

  it('passes unzip -t and zipinfo shows the modes', async () => {
    const p = save(await createZip(FILES, { sourceDateEpoch: 1700000000 }), 'check.zip');
    expect(execFileSync('unzip', ['-t', p]).toString()).toContain('No errors detected');
    const listing = execFileSync('zipinfo', [p]).toString();
    expect(listing).toMatch(/^-rwxr-xr-x .* deploy\.sh$/m);
    expect(listing).toMatch(/^-rw-r--r-- .* README\.md$/m);
    expect(listing).toMatch(/^drwxr-xr-x .* gpu-operator\/$/m);
    const content = execFileSync('unzip', ['-p', p, 'gpu-operator/README.md']).toString();
    expect(content).toBe('gpu ✓\n');
  });

  it('gives the same bytes in processes with different time zones', async () => {
    const script = join(work, 'make.mts');
    const lib = fileURLToPath(new URL('./index.ts', import.meta.url));
    writeFileSync(
      script,
      `import { createZip } from ${JSON.stringify(lib)};\n` +
        `const files = ${JSON.stringify(FILES)};\n` +
        `process.stdout.write((await createZip(files, { sourceDateEpoch: 1735689599 })).toString('base64'));\n`,
    );
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const run = (tz: string) => execFileSync(tsx, [script], { env: { ...process.env, TZ: tz } }).toString();
    const here = (await createZip(FILES, { sourceDateEpoch: 1735689599 })).toString('base64');
    for (const tz of ['America/Los_Angeles', 'Asia/Kolkata', 'UTC']) expect(run(tz)).toBe(here);
  }, 60_000);

  it.each([
    ['/etc/passwd', 'absolute'],
    ['a/../b', '".." segment'],
    ['..', '".." segment'],
    ['a\\b', 'backslash'],
    ['a//b', 'empty segment'],
    ['a/', 'directory'],
    ['', 'empty'],
    ['a/./b', '"." segment'],
    ['nul\0x', 'NUL'],
    ['C:/x', 'drive-like'],
  ])('rejects path %j (%s)', async (path, why) => {
    await expect(createZip([{ path, mode: 0o644, content: 'x' }])).rejects.toThrow(why);
  });

  it.each([
    [[{ path: 'a', mode: 0o644, content: '' }, { path: 'a', mode: 0o644, content: '' }], 'duplicate'],
    [[{ path: 'a', mode: 0o644, content: '' }, { path: 'a/b', mode: 0o644, content: '' }], 'both a file and a folder'],
    [[{ path: 'a', mode: 0o777, content: '' }], 'unsupported mode'],
  ])('rejects inconsistent input (%#)', async (files, why) => {
    await expect(createZip(files as BundleFile[])).rejects.toThrow(why);
  });
});
