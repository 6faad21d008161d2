/**
 * Markdown out: tables, number formatting, and the generated sections of docs/benchmarks.md.
 * Each suite owns one section between `<!-- bench:<name>:begin -->` and `<!-- bench:<name>:end -->`,
 * so a run of one suite rewrites its own numbers and leaves the hand-written text and the other
 * suites' sections alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Fixed decimals, or `n/a` for a missing/NaN value. */
export function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
}

export function ms(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return 'n/a';
  return n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
}

export function pass(ok: boolean): string {
  return ok ? 'met' : '**missed**';
}

const begin = (name: string) => `<!-- bench:${name}:begin -->`;
const end = (name: string) => `<!-- bench:${name}:end -->`;

/** Replaces (or appends) the generated section `name` of `file`. */
export function writeSection(file: string, name: string, markdown: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const block = `${begin(name)}\n${markdown.trim()}\n${end(name)}`;
  const start = text.indexOf(begin(name));
  const stop = text.indexOf(end(name));
  const next = start >= 0 && stop > start ? text.slice(0, start) + block + text.slice(stop + end(name).length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
