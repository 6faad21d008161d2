import { ZipArchive } from 'archiver';
import { describe, expect, it } from 'vitest';
import type { BundleFile } from '@aicr/contracts';
import { compareBytes, directoryEntries } from './paths';
import { createZip, entryDate } from './zip';

/** The archiver 8 pipeline createZip replaced, with the options it used. */
async function viaArchiver(files: BundleFile[], epoch: number | null): Promise<Buffer> {
  const date = entryDate(epoch);
  const entries = [
    ...directoryEntries(files.map((f) => f.path)).map((name) => ({ name, content: null as Buffer | null, mode: 0o755 })),
    ...files.map((f) => ({ name: f.path, content: Buffer.from(f.content, 'utf8') as Buffer | null, mode: f.mode })),
  ].sort((a, b) => compareBytes(a.name, b.name));
  const archive = new ZipArchive({ zlib: { level: 9 }, forceLocalTime: false, comment: '' });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (c: Buffer) => chunks.push(c));
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const e of entries) {
    if (e.content === null) archive.append(Buffer.alloc(0), { name: e.name, type: 'directory', date, mode: e.mode, store: true });
    else archive.append(e.content, { name: e.name, type: 'file', date, mode: e.mode });
  }
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

const FILES: BundleFile[] = [
  { path: 'deploy.sh', mode: 0o755, content: '#!/usr/bin/env bash\necho hi\n' },
  { path: 'empty.txt', mode: 0o644, content: '' },
  { path: 'gpu-operator/README.md', mode: 0o644, content: 'gpu ✓\n' },
  { path: 'gpu-operator/values.yaml', mode: 0o644, content: 'driver:\n  enabled: true\n'.repeat(2000) },
  { path: 'kgateway-crds/manifests/crds.yaml', mode: 0o644, content: 'kind: CustomResourceDefinition\n'.repeat(50) },
  { path: 'naïve/ü.md', mode: 0o644, content: 'non-ASCII name\n' },
];

describe('createZip byte compatibility', () => {
  it.each([null, 1_700_000_001, 315_532_799, 2_600_000_000])('writes the bytes archiver wrote (epoch %s)', async (epoch) => {
    expect((await createZip(FILES, { sourceDateEpoch: epoch })).equals(await viaArchiver(FILES, epoch))).toBe(true);
  });
});
