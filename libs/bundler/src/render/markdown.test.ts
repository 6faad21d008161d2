import { describe, expect, it } from 'vitest';
import { mdEscape, mdFence, mdTable } from './markdown';

describe('markdown escaping', () => {
  it.each([
    ['pipe', 'a|b', 'a\\|b'],
    ['backtick', 'a`b`', 'a\\`b\\`'],
    ['html', '<script>', '&lt;script&gt;'],
    ['newline', 'a\nb\r\nc', 'a b c'],
    ['link brackets', '[x](y)', '\\[x\\](y)'],
    ['backslash', 'a\\|', 'a\\\\\\|'],
  ])('%s', (_n, input, expected) => {
    expect(mdEscape(input)).toBe(expected);
  });

  it('keeps a table row on one line with the right number of cells', () => {
    const t = mdTable(['A', 'B'], [['x|y\nz', '<b>']]);
    const lines = t.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2].replace(/\\\|/g, '').split('|')).toHaveLength(4);
  });

  it('uses a fence longer than any backtick run in the content', () => {
    const f = mdFence('bash', ["echo '```'"]);
    expect(f.startsWith('````bash\n')).toBe(true);
    expect(f.endsWith('\n````\n')).toBe(true);
  });
});
