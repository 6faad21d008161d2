import { describe, expect, it } from 'vitest';
import { renderTemplate } from './index';

const V = {
  s: 'abc',
  u: 'é',
  n: 5,
  zero: 0,
  f: 0.5,
  t: true,
  no: false,
  empty: '',
  list: [1, 'two'],
  emptyList: [],
  map: { b: 'x', a: [1, 2], c: { d: null } },
  emptyMap: {},
  nil: null,
};
// Each template prints into a comment line: comments take values unquoted, so these rows
// show the function results as Go would print them.
const r = (t: string) => renderTemplate(`# ${t}`, V, 'f').slice(2);

describe('functions', () => {
  it.each([
    // and / or return the deciding operand, evaluate lazily
    ['{{ and 1 "x" }}', 'x'],
    ['{{ and 1 0 "x" }}', '0'],
    ['{{ and .nil (index .s 1) }}', ''], // second operand (an error) never evaluated
    ['{{ or 0 "" "y" }}', 'y'],
    ['{{ or 0 "" }}', ''],
    ['{{ or .s (index .s 1) }}', 'abc'],
    ['{{ not .empty }} {{ not .s }}', 'true false'],
    // comparisons
    ['{{ eq .s "abc" }} {{ eq .n 5 }} {{ eq .n 4 5 }} {{ eq .t true }}', 'true true true true'],
    ['{{ eq .nil nil }} {{ eq .missing "x" }} {{ ne .missing "x" }}', 'true false true'],
    ['{{ ne .s "abc" }} {{ ne .n 4 }}', 'false true'],
    ['{{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2 }}', 'true true true false'],
    // len counts bytes for strings like Go
    ['{{ len .s }} {{ len .u }} {{ len .list }} {{ len .map }}', '3 2 2 3'],
    // index
    ['{{ index .map "b" }} {{ index .list 1 }} {{ index .map "c" "d" }}|', 'x two |'],
    ['{{ index .map "zz" }}|{{ index .missing "a" "b" }}|', '||'],
    ['{{ index .map }}', 'map[a:[1 2] b:x c:map[d:<nil>]]'],
    // default (BUNDLES.md §5: nil or "" only)
    ['{{ default "d" .missing }} {{ default "d" .empty }} {{ default "d" .s }}', 'd d abc'],
    ['{{ default "d" .no }} {{ default "d" .zero }} {{ default "d" .emptyList }}', 'false 0 []'],
    ['{{ .no | default true }} {{ .missing | default true }}', 'false true'],
    ['{{ default "d" }}', 'd'],
    // empty (Sprig)
    ['{{ empty .nil }} {{ empty "" }} {{ empty 0 }} {{ empty .no }} {{ empty .emptyList }} {{ empty .emptyMap }}', 'true true true true true true'],
    ['{{ empty .s }} {{ empty .n }} {{ empty .t }} {{ empty .list }} {{ empty .map }}', 'false false false false false'],
    // toString = Go %v
    ['{{ toString .nil }} {{ toString .missing }} {{ toString .t }} {{ toString .n }} {{ toString .f }}', '<nil> <nil> true 5 0.5'],
    ['{{ toString .list }} {{ toString .emptyMap }}', '[1 two] map[]'],
    // integral numbers print as Go ints (JSON data cannot tell 1.5e6 from 1500000)
    ['{{ toString 1e6 }} {{ toString 1.5e6 }} {{ toString 0.00001 }} {{ toString 123456.5 }} {{ toString 1234567.5 }}', '1000000 1500000 1e-05 123456.5 1.2345675e+06'],
    // hasKey
    ['{{ hasKey .map "b" }} {{ hasKey .map "z" }} {{ hasKey .nil "z" }}', 'true false false'],
    // quote
    ['{{ quote .s }} {{ quote .n }} {{ quote "a\\"b" }}', '"abc" "5" "a\\"b"'],
    ['{{ quote .nil }}|', '|'],
    // printf
    ['{{ printf "%s-%d-%v-%q" .s .n .t .s }}', 'abc-5-true-"abc"'],
    ['{{ printf "%d%%" .n }}', '5%'],
    ['{{ printf "%d" .s }}', '%!d(string=abc)'],
    ['{{ printf "%s" .n }}', '%!s(int=5)'],
    ['{{ printf "%s %s" .s }}', 'abc %!s(MISSING)'],
    ['{{ printf "%s" .s .n }}', 'abc%!(EXTRA int=5)'],
    ['{{ printf "%v" .nil }}', '<nil>'],
    // toYaml of scalars is one line
    ['{{ toYaml .s }} {{ toYaml .n }} {{ toYaml .nil }} {{ toYaml .emptyMap }} {{ toYaml "true" }}', 'abc 5 null {} "true"'],
  ])('%s', (t, want) => {
    expect(r(t)).toBe(want);
  });
});
