import { describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate, TemplateExecError } from './index';

const DATA = {
  Values: {
    name: 'gpu-operator',
    n: 3,
    f: 1.5,
    yes: true,
    no: false,
    empty: '',
    list: ['a', 'b'],
    map: { z: 1, a: 2 },
    nested: { deep: { x: 'X' } },
    nil: null,
    emptyList: [],
  },
  Release: { Namespace: 'ns' },
};

const r = (t: string, data: unknown = DATA) => renderTemplate(t, data, 't');

describe('language features', () => {
  it.each([
    // text and trim markers
    ['plain text', 'a: b\n', 'a: b\n'],
    ['left trim', 'a\n  {{- "x" }}', 'ax'],
    ['right trim', '{{ "x" -}}  \n  b', 'xb'],
    ['both trims', 'a \n{{- "x" -}}\n b', 'axb'],
    ['minus without space is a number', '{{ -3 }}', '-3'],
    ['comment', 'a{{/* hidden }} */}}b', 'ab'],
    ['trimmed comment', 'a \n {{- /* c */ -}} \n b', 'ab'],
    // fields and variables
    ['field chain', '{{ .Values.nested.deep.x }}', 'X'],
    ['missing key is nil (prints nothing)', '[{{ .Values.missing }}]', '[]'],
    ['field of missing is nil', '[{{ .Values.missing.a.b }}]', '[]'],
    ['field of explicit null is nil', '[{{ .Values.nil.a }}]', '[]'],
    ['dot', '{{ with .Values.nested }}{{ .deep.x }}{{ end }}', 'X'],
    ['variable', '{{ $v := .Values.nested }}{{ $v.deep.x }}', 'X'],
    ['root variable', '{{ with .Values }}{{ $.Release.Namespace }}{{ end }}', 'ns'],
    ['reassign', '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2'],
    ['declare prints nothing', 'a{{ $x := "v" }}b', 'ab'],
    ['paren chain', '{{ (index .Values "nested").deep.x }}', 'X'],
    // if / else if / else
    ['if true', '{{ if .Values.yes }}y{{ else }}n{{ end }}', 'y'],
    ['if false', '{{ if .Values.no }}y{{ else }}n{{ end }}', 'n'],
    ['else if', '{{ if .Values.no }}1{{ else if .Values.n }}2{{ else }}3{{ end }}', '2'],
    ['else if chain falls through', '{{ if .Values.no }}1{{ else if .Values.empty }}2{{ else }}3{{ end }}', '3'],
    ['truthiness: 0', '{{ if 0 }}t{{ else }}f{{ end }}', 'f'],
    ['truthiness: empty list', '{{ if .Values.emptyList }}t{{ else }}f{{ end }}', 'f'],
    ['truthiness: non-empty map', '{{ if .Values.map }}t{{ else }}f{{ end }}', 't'],
    ['truthiness: missing', '{{ if .Values.missing }}t{{ else }}f{{ end }}', 'f'],
    ['if scopes variables', '{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}/{{ $x }}', '2/1'],
    // with
    ['with else', '{{ with .Values.missing }}x{{ else }}none{{ end }}', 'none'],
    ['else with', '{{ with .Values.missing }}a{{ else with .Values.name }}{{ . }}{{ end }}', 'gpu-operator'],
    // range
    ['range list', '{{ range .Values.list }}({{ . }}){{ end }}', '(a)(b)'],
    ['range index', '{{ range $i, $e := .Values.list }}{{ $i }}={{ $e }};{{ end }}', '0=a;1=b;'],
    ['range map sorted', '{{ range $k, $v := .Values.map }}{{ $k }}={{ $v }};{{ end }}', 'a=2;z=1;'],
    ['range one var', '{{ range $e := .Values.list }}{{ $e }}{{ end }}', 'ab'],
    ['range else', '{{ range .Values.missing }}x{{ else }}empty{{ end }}', 'empty'],
    ['range int', '{{ range 3 }}i{{ . }}{{ end }}', 'i0i1i2'],
    // pipelines and literals
    ['pipeline', '{{ .Values.missing | default "d" }}', 'd'],
    ['multi-stage pipeline', '{{ .Values.n | toString | eq "3" }}', 'true'],
    ['string escapes', '{{ "a\\tb" | len }}', '3'],
    ['raw string', '{{ `a\\n` | len }}', '3'],
    ['char constant', "{{ 'a' }}", '97'],
    ['hex number', '{{ 0x1F }}', '31'],
    ['float', '{{ 1.25 }}', '1.25'],
    ['bools', '{{ true }} {{ false }}', 'true false'],
    ['nil in call', '{{ default "d" nil }}', 'd'],
    ['number printing', '{{ .Values.n }} {{ .Values.f }}', '3 1.5'],
  ])('%s', (_, t, want) => {
    expect(r(t)).toBe(want);
  });

  it('parses once and executes many times', () => {
    const t = compileTemplate('name: {{ .name }}\n', 'x');
    expect(t.name).toBe('x');
    expect(t.hasActions).toBe(true);
    expect([t.execute({ name: 'a' }), t.execute({ name: 'b' })]).toEqual(['name: a\n', 'name: b\n']);
    expect(compileTemplate('kind: CustomResourceDefinition\n', 'crd').hasActions).toBe(false);
  });

  it('never exposes the prototype chain of the data', () => {
    expect(r('[{{ .Values.constructor }}][{{ .Values.toString }}][{{ index .Values "__proto__" }}]')).toBe('[][][]');
    expect(r('{{ hasKey .Values "constructor" }}')).toBe('false');
  });
});

describe('execution errors', () => {
  it.each([
    ['field of a string', '{{ .Values.name.x }}', "can't evaluate field x in type string"],
    ['field of a list', '{{ .Values.list.x }}', "can't evaluate field x in type []interface {}"],
    ['index on a non-map', '{{ index .Values.name "a" }}', "error calling index: can't index item of type string"],
    ['index list with string', '{{ index .Values.list "a" }}', 'cannot index slice/array with type string'],
    ['index out of range', '{{ index .Values.list 5 }}', 'index out of range: 5'],
    ['index map with int', '{{ index .Values.map 1 }}', 'value has type int; should be string'],
    ['nindent with a non-number', '{{ nindent .Values.name "x" }}', 'error calling nindent: nindent: wrong type for value; expected int; got string'],
    ['indent of a map', '{{ .Values.map | indent 2 }}', 'expected string; got map'],
    ['eq mixed types', '{{ eq .Values.n "3" }}', 'incompatible types for comparison: int and string'],
    ['eq on maps', '{{ eq .Values.map .Values.map }}', 'non-comparable type'],
    ['lt on bool', '{{ lt true false }}', 'invalid type for comparison'],
    ['len of number', '{{ len .Values.n }}', 'len of type int'],
    ['len of nil', '{{ len .Values.missing }}', 'len of type <nil>'],
    ['range over string', '{{ range .Values.name }}{{ end }}', "range can't iterate over string"],
    ['hasKey on list', '{{ hasKey .Values.list "a" }}', 'expected map'],
    ['printf with non-string format', '{{ printf .Values.n }}', 'wrong type for format'],
  ])('%s', (_, t, msg) => {
    expect(() => r(t)).toThrow(TemplateExecError);
    expect(() => r(t)).toThrow(msg);
  });

  it('reports data nested too deeply as an execution error', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => renderTemplate('a: {{ toString .d }}', { d: deep }, 't')).toThrow(TemplateExecError);
    expect(() => renderTemplate('a:{{ toYaml .d | nindent 2 }}', { d: deep }, 't')).toThrow(TemplateExecError);
  });

  it('names template, line and function', () => {
    expect(() => r('a: 1\nb: {{ index .Values.name 0 }}\n')).toThrow(/^template: t:2: error calling index: /);
  });
});
