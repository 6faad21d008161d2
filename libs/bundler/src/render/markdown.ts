/**
 * Markdown escaping for recipe strings placed in README prose and tables (BUNDLES.md §15.2
 * item 4): a `|` would split a table cell, a backtick open code, `<` start HTML, a newline end
 * the row. Commands are not escaped here: they go into fenced blocks built from quoted words.
 */
export function mdEscape(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/([`|[\]])/g, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A Markdown table; every cell is escaped. */
export function mdTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(mdEscape).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}

/**
 * A fenced code block. The fence is longer than any backtick run of the content, so no content
 * can close it early (commands hold only quoted words, but values may contain backticks).
 */
export function mdFence(lang: string, lines: string[]): string {
  const body = lines.join('\n');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}\n`;
}
