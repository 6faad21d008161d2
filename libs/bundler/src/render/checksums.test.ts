import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumsFile } from './checksums';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('checksumsFile', () => {
  const files = [
    { path: 'b/x.txt', mode: 0o644, content: 'x' },
    { path: 'README.md', mode: 0o644, content: 'r' },
    { path: 'b/a.txt', mode: 0o644, content: 'ä' },
    { path: 'a-b/c', mode: 0o644, content: '' },
  ];
  it.each([
    ['root: every file, sorted by path (byte order)', '', `${sha('r')}  README.md\n${sha('')}  a-b/c\n${sha('ä')}  b/a.txt\n${sha('x')}  b/x.txt\n`],
    ['component: relative paths under the prefix only', 'b/', `${sha('ä')}  a.txt\n${sha('x')}  x.txt\n`],
  ])('%s', (_n, prefix, expected) => {
    expect(checksumsFile(files, prefix)).toBe(expected);
  });
});
