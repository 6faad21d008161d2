import { describe, expect, it } from 'vitest';
import { compileTemplate, TemplateParseError } from './index';

describe('parse errors', () => {
  it.each([
    ['unclosed action', 'a: {{ .x', 'unclosed action'],
    ['action running into the next line', 'a: {{ .x \nb: 1', 'unexpected ":" in command'],
    ['unclosed comment', '{{/* x', 'unclosed comment'],
    ['comment not closing the action', '{{/* x */ .y }}', 'comment ends before closing delimiter'],
    ['unknown function', '{{ include "x" . }}', 'function "include" not defined'],
    ['unknown function in pipeline', '{{ .x | upper }}', 'function "upper" not defined'],
    ['end without if', 'a {{ end }}', 'unexpected {{end}}'],
    ['else without if', '{{ else }}', 'unexpected {{else}}'],
    ['if without end', '{{ if .x }}a', 'has no {{end}}'],
    ['range without end', '{{ range .x }}a{{ else }}b', 'unexpected EOF in range'],
    ['undefined variable', '{{ $y }}', 'undefined variable "$y"'],
    ['variable out of scope', '{{ if true }}{{ $v := 1 }}{{ end }}{{ $v }}', 'undefined variable "$v"'],
    ['assign to undeclared', '{{ $z = 1 }}', 'undefined variable: $z'],
    ['empty action', '{{ }}', 'missing value for command'],
    ['nil command', '{{ nil }}', 'nil is not a command'],
    ['argument to non-function', '{{ .x .y }}', "can't give argument to non-function"],
    ['pipe into non-function', '{{ .x | .y }}', "can't give argument to non-function"],
    ['wrong arity', '{{ nindent 4 }}', 'wrong number of args for nindent: want 2 got 1'],
    ['wrong arity in pipeline', '{{ .x | ne "a" "b" }}', 'wrong number of args for ne: want 2 got 3'],
    ['function operand needing args', '{{ not index }}', 'wrong number of args for index'],
    ['unterminated string', '{{ "abc }}', 'unterminated quoted string'],
    ['bad escape', '{{ "\\q" }}', 'invalid escape'],
    ['unterminated raw string', '{{ `abc }}', 'unterminated raw quoted string'],
    ['bad character', '{{ .x ; }}', 'unexpected ";"'],
    ['bad number', '{{ 12abc }}', 'bad number syntax'],
    ['unclosed paren', '{{ (not .x }}', 'unexpected "}}" in parenthesized pipeline'],
    ['define unsupported', '{{ define "x" }}{{ end }}', '{{define}} is not supported'],
    ['template unsupported', '{{ template "x" }}', '{{template}} is not supported'],
    ['else if in range', '{{ range .x }}{{ else if .y }}{{ end }}', 'unexpected else if in range'],
  ])('%s', (_, text, msg) => {
    expect(() => compileTemplate(text, 'm.yaml')).toThrow(TemplateParseError);
    expect(() => compileTemplate(text, 'm.yaml')).toThrow(msg);
  });

  it('names the template and the line', () => {
    expect(() => compileTemplate('a: 1\nb: 2\nc: {{ nope }}\n', 'x.yaml')).toThrow(/^template: x\.yaml:3: function "nope" not defined$/);
  });

  it.each([
    ['newlines inside an action', '{{ if\n  .x\n}}y{{ end }}'],
    ['trim markers with tabs/newlines', '{{-\t.x\t-}}'],
    ['comment with trim markers', '{{- /* c */ -}}'],
    ['braces in strings', '{{ "}}" }}'],
    ['nested parens', '{{ not (and (eq 1 1) (ne 1 2)) }}'],
    ['upstream dcgm condition', '{{- $g := index .Values "gpu-operator" }}{{- if and $g $g.a $g.a.b (ne (toString (index $g.a.b "create")) "false") }}x{{- end }}'],
  ])('accepts %s', (_, text) => {
    expect(compileTemplate(text, 'ok').name).toBe('ok');
  });
});
