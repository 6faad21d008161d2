/**
 * BUNDLES.md §5 "Escaping" / §15.2 item 3: every printed value is serialized for its YAML
 * context. The injection table renders hostile values in every context and checks that
 * the result parses to the same keys with the value intact.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderTemplate, TemplateExecError } from './index';

const PAYLOADS = [
  'eks\n  injected: true',
  'eks\ninjected: true',
  '": x',
  "': x",
  'a: b',
  'a #b',
  '#comment',
  '{injected: true}',
  '[1, 2]',
  '*alias',
  '&anchor',
  '!!binary',
  '---',
  '...',
  '  leading spaces',
  'trailing ',
  'a\u2028injected: true',
  'a\u2029b',
  'a\u0085injected: true',
  'a\rinjected: true',
  'tab\there',
  'null\u0000byte',
  '\ufeffbom',
  'quote"and\\backslash',
  "it's",
  'true',
  'no',
  'on',
  '~',
  'null',
  '1.0',
  '0755',
  '0x1F',
  '1e3',
  '12:30',
  '2024-01-01',
  '',
  '- item',
  '? key',
  '|',
  '>-',
  '%TAG',
  '@at',
  '`tick',
  '<<',
  '=',
  'é€😀',
  'x'.repeat(2000),
];

const CONTEXTS: Array<[string, string, (doc: any) => unknown]> = [
  ['plain value', 'k: {{ .v }}\nother: 1\n', (d) => d.k],
  ['value with literal prefix/suffix', 'k: pre-{{ .v }}-post\nother: 1\n', (d) => d.k.slice(4, -5)],
  ['two values in one scalar', 'k: {{ .v }}/{{ .v }}\nother: 1\n', (d) => d.k.slice(0, (d.k.length - 1) / 2)],
  ['double-quoted literal', 'k: "{{ .v }}"\nother: 1\n', (d) => d.k],
  ['double-quoted with text', 'k: "a {{ .v }} b"\nother: 1\n', (d) => d.k.slice(2, -2)],
  ['sequence item', 'l:\n  - {{ .v }}\nother: 1\n', (d) => d.l[0]],
  ['nested mapping', 'a:\n  b:\n    k: {{ .v }}\nother: 1\n', (d) => d.a.b.k],
  ['flow sequence', 'k: [{{ .v }}, x]\nother: 1\n', (d) => d.k[0]],
  ['flow mapping', 'k: {a: {{ .v }}, b: x}\nother: 1\n', (d) => d.k.a],
  ['after trailing comment', 'k: {{ .v }} # note\nother: 1\n', (d) => d.k],
  ['quote function', 'k: {{ .v | quote }}\nother: 1\n', (d) => d.k],
  ['toYaml scalar', 'k: {{ toYaml .v }}\nother: 1\n', (d) => d.k],
  ['toYaml map', 'k:{{ toYaml (dict) | nindent 2 }}\nother: 1\n', (d) => d.k.key],
  ['toYaml list', 'k:{{ toYaml (list) | nindent 2 }}\nother: 1\n', (d) => d.k[0]],
  ['mapping key', 'm:\n  {{ .v }}: 1\nother: 1\n', (d) => Object.keys(d.m)[0]],
];

function render(t: string, v: string): string {
  // (dict)/(list) stand for maps and lists holding the payload as key, value and item.
  const data = { v, d: { key: v, [v]: 'x' }, l: [v, { [v]: v }] };
  return renderTemplate(t.replace('(dict)', '.d').replace('(list)', '.l'), data, 'inj.yaml');
}

describe('injection', () => {
  for (const [ctx, tpl, pick] of CONTEXTS) {
    it.each(PAYLOADS.map((p) => [JSON.stringify(p).slice(0, 40), p]))(`${ctx}: %s`, (_, payload) => {
      let out: string;
      try {
        out = render(tpl, payload);
      } catch (e) {
        // Refusing is allowed only as a TemplateExecError (→ 400), never a silent injection.
        expect(e).toBeInstanceOf(TemplateExecError);
        return;
      }
      if (ctx === 'mapping key' && payload.length > 1024) {
        // YAML limits implicit keys to 1024 characters: the output fails to parse (→ 400).
        expect(() => parse(out)).toThrow('1024');
        return;
      }
      const doc = parse(out, { uniqueKeys: true });
      expect(doc.other).toBe(1);
      expect(Object.keys(doc)).toEqual([tpl.match(/^\w+/)![0], 'other']);
      if (ctx === 'mapping key' && payload === '<<') return; // a merge key in YAML 1.1 only
      expect(pick(doc)).toBe(payload);
    });
  }

  it('the only refusals are line breaks that cannot be written in a context', () => {
    for (const p of PAYLOADS) {
      for (const [, tpl] of CONTEXTS) expect(() => render(tpl, p)).not.toThrow();
    }
  });
});

describe('printing per context', () => {
  it.each([
    // values that need no quoting print exactly as Go prints them
    ['k: {{ .s }}', { s: 'gpu-operator' }, 'k: gpu-operator'],
    ['k: {{ .s }}', { s: '25.10.1' }, 'k: 25.10.1'],
    ['k: {{ .s }}', { s: 'nvcr.io/nvidia/gpu:v1.2' }, 'k: nvcr.io/nvidia/gpu:v1.2'],
    ['k: {{ .b }}', { b: true }, 'k: true'],
    ['k: {{ .n }}', { n: 5 }, 'k: 5'],
    ['k: {{ .n }}', { n: 0.25 }, 'k: 0.25'],
    ['k: {{ .missing }}', {}, 'k: '],
    ['k: {{ eq 1 1 }}', {}, 'k: true'],
    ['helm.sh/chart: {{ .a }}-{{ .b }}', { a: 'gpu-operator', b: '25.10.1' }, 'helm.sh/chart: gpu-operator-25.10.1'],
    ['cpu: {{ .n }}m', { n: 500 }, 'cpu: 500m'],
    // strings that would read as something else are quoted
    ['k: {{ .s }}', { s: 'true' }, 'k: "true"'],
    ['k: {{ .s }}', { s: '1.0' }, 'k: "1.0"'],
    ['k: {{ .s }}', { s: 'yes' }, 'k: "yes"'],
    ['k: {{ .s }}', { s: '' }, 'k: ""'],
    ['k: {{ .s }}', { s: 'a\nb' }, 'k: "a\\nb"'],
    ['k: v{{ .s }}', { s: '1\n x: y' }, 'k: "v1\\n x: y"'],
    ['k: {{ .m }}', { m: { a: 1 } }, 'k: "map[a:1]"'],
    // quoted contexts
    ['k: "{{ .s }}"', { s: 'say "hi"\n' }, 'k: "say \\"hi\\"\\n"'],
    ["k: '{{ .s }}'", { s: "it's" }, "k: 'it''s'"],
    ['k: "{{ .n }}"', { n: 5 }, 'k: "5"'],
    ['"a": {{ .s }}', { s: 'x' }, '"a": x'],
    // comments cannot be ended
    ['# {{ .s }}\nk: 1', { s: 'x\ny: 2' }, '# x\\ny: 2\nk: 1'],
    // block scalars: lines re-indented to the content
    ['k: |\n  {{ .s }}\nz: 1', { s: 'a\nb: c' }, 'k: |\n  a\n  b: c\nz: 1'],
    ['k: |-{{ .s | nindent 2 }}\nz: 1', { s: 'l1\nl2' }, 'k: |-\n  l1\n  l2\nz: 1'],
    ['- |\n  x {{ .s }}\n- y', { s: '1\n- 2' }, '- |\n  x 1\n  - 2\n- y'],
    // toYaml: sorted keys, 2 spaces, sequences not indented inside maps
    ['m:{{ toYaml .m | nindent 2 }}', { m: { b: [1, { y: 'true', x: null }], a: { c: '' } } }, 'm:\n  a:\n    c: ""\n  b:\n  - 1\n  - x: null\n    "y": "true"'], // y is a YAML 1.1 bool
    ['m: {{ toYaml .m }}', { m: {} }, 'm: {}'],
    ['l:\n{{ toYaml .l | indent 2 }}', { l: [[1, 2], []] }, 'l:\n  - - 1\n    - 2\n  - []'],
    // document markers are kept
    ['---\nk: {{ .s }}\n---', { s: 'x' }, '---\nk: x\n---'],
  ])('%j with %j', (t, data, want) => {
    expect(renderTemplate(t, data, 'p')).toBe(want);
  });

  it.each([
    ["k: '{{ .s }}'", { s: 'a\nb' }, 'single-quoted'],
    ['k: |\n  {{ .s }}', { s: 'a\u2028b' }, 'block scalar'],
    ['k: |\n  {{ .s }}', { s: '  lead\nx' }, 'cannot open a block scalar'],
    ['k: |\n  {{ .s }}', { s: '\n    x\ny' }, 'cannot open a block scalar'],
    ['k: {{ toYaml .m }}', { m: { a: 1, b: 2 } }, 'use nindent'],
    ['k: "\\{{ .s }}"', { s: 'n' }, 'right after a backslash'],
  ])('refuses %j with %j', (t, data, msg) => {
    expect(() => renderTemplate(t, data, 'p')).toThrow(TemplateExecError);
    expect(() => renderTemplate(t, data, 'p')).toThrow(msg);
  });
});
