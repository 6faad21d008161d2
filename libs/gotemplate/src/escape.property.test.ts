/**
 * Property check of the escaping guarantee: for arbitrary strings (biased towards YAML
 * syntax characters and line breaks), a rendered manifest has exactly the template's keys and
 * the value reads back intact — or rendering refuses with TemplateExecError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderTemplate, TemplateExecError } from './index';

const SYNTAX = ['\n', '\r', '\t', ' ', '  ', ':', ': ', '#', ' #', '-', '- ', '?', '"', "'", '\\', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '---', '...', '\u2028', '\u0085', '\ufeff', 'true', 'null', '1', '0x', 'é', '😀', 'key', 'injected: true'];
const hostile = fc.array(fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 4, unit: 'binary' })), { maxLength: 12 }).map((a) => a.join(''));

const CONTEXTS: Array<[string, string, (d: any) => unknown]> = [
  ['plain', 'k: {{ .v }}\nother: 1\n', (d) => d.k],
  ['composed', 'k: x-{{ .v }}\nother: 1\n', (d) => d.k.slice(2)],
  ['double-quoted', 'k: "{{ .v }}"\nother: 1\n', (d) => d.k],
  ['single-quoted', "k: '{{ .v }}'\nother: 1\n", (d) => d.k],
  ['sequence', 'k:\n  - {{ .v }}\nother: 1\n', (d) => d.k[0]],
  ['flow', 'k: [{{ .v }}]\nother: 1\n', (d) => d.k[0]],
  ['block', 'k: |-\n  {{ .v }}\nother: 1\n', (d) => d.k],
  ['toYaml', 'k:{{ toYaml .m | nindent 2 }}\nother: 1\n', (d) => d.k.a],
];

describe('escaping property', () => {
  for (const [name, tpl, pick] of CONTEXTS) {
    it(`${name}: no injected key, value intact`, () => {
      fc.assert(
        fc.property(hostile, (v) => {
          let out: string;
          try {
            out = renderTemplate(tpl, { v, m: { a: v } }, 'p');
          } catch (e) {
            expect(e).toBeInstanceOf(TemplateExecError);
            return;
          }
          // Both YAML 1.2 and YAML 1.1 (what Kubernetes' go-yaml resolves) must agree.
          for (const version of ['1.2', '1.1'] as const) {
            const doc = parse(out, { version });
            expect(Object.keys(doc)).toEqual(['k', 'other']);
            expect(doc.other).toBe(1);
            // `|-` strips trailing line breaks; everything else is kept exactly.
            expect(pick(doc)).toBe(name === 'block' ? v.replace(/\n+$/, '') : v);
          }
        }),
        { numRuns: 300, seed: 42 },
      );
    });
  }
});
