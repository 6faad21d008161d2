import { describe, expect, it } from 'vitest';
import { parseSafeJson } from './safe-json';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('parseSafeJson (H3, H9–H11)', () => {
  it.each([
    ['empty', '', 'EOF'],
    ['blank', ' \n\t', 'EOF'],
    ['NaN', '{"a": NaN}', /^invalid JSON: /],
    ['Infinity', '{"a": Infinity}', /^invalid JSON: /],
    ['trailing garbage', '{"a":1} x', /^invalid JSON: /],
    ['two values', '{} {}', /^invalid JSON: /],
    ['BOM', '\uFEFF{}', /^invalid JSON: /],
    ['__proto__', '{"a":{"__proto__":{"x":1}}}', 'invalid JSON: object contains forbidden prototype property'],
    ['constructor.prototype', '{"constructor":{"prototype":{}}}', 'invalid JSON: object contains forbidden prototype property'],
    ['depth 65', deep(65), 'invalid JSON: nesting deeper than 64 levels'],
  ])('%s is refused', (_name, text, message) => {
    expect(() => parseSafeJson(text)).toThrow(message);
  });

  it('refuses invalid UTF-8 bytes', () => {
    expect(() => parseSafeJson(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toThrow('invalid JSON: body is not valid UTF-8');
  });

  it.each([
    ['depth 64', deep(64)],
    ['constructor without prototype', '{"constructor":{"name":"x"}}'],
    ['utf-8 bytes', new TextEncoder().encode('{"a":"é"}')],
  ])('%s is accepted', (_name, input) => {
    expect(parseSafeJson(input)).toBeDefined();
  });
});
