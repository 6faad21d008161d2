import { beforeAll, describe, expect, it } from 'vitest';
import type { RawQuery } from './query-params';
import { failure, plan, SEED_HELM_BODY, upstreamCatalog } from './test-support';

// Loading the catalog once can take seconds on a busy machine; keep it out of the first test's budget.
beforeAll(() => upstreamCatalog(), 60_000);

type Row = [string, RawQuery, object];

const BAD = 400;
const err = (message: string, error?: string) => ({
  status: BAD,
  code: 'INVALID_REQUEST',
  message,
  ...(error === undefined ? {} : { details: { error } }),
});

// API.md §8.6 rows 2–11, one row per case, with a valid body so only the parameter can fail.
describe('POST /v1/bundle query rows 2–11', () => {
  it.each<Row>([
    // Row 2: set syntax, limits (H12, H13), non-finite values
    ['set without ":"', { set: 'gds.enabled=true' }, err('Invalid set parameter', 'invalid format "gds.enabled=true": expected key:path=value')],
    ['set without "="', { set: 'gpuoperator:gds.enabled' }, err('Invalid set parameter', 'invalid format "gpuoperator:gds.enabled": expected key:path=value')],
    ['set empty key', { set: ':a=1' }, err('Invalid set parameter', 'invalid format ":a=1": empty key')],
    ['set empty path', { set: 'gpuoperator:=1' }, err('Invalid set parameter', 'invalid format "gpuoperator:=1": empty path')],
    ['set empty value', { set: 'gpuoperator:a=' }, err('Invalid set parameter', 'invalid format "gpuoperator:a=": empty value')],
    ['set __proto__ segment', { set: 'gpuoperator:__proto__.x=1' }, err('Invalid set parameter', 'path "__proto__.x" has a forbidden segment "__proto__"')],
    ['set constructor segment', { set: 'gpuoperator:a.constructor=1' }, err('Invalid set parameter', 'path "a.constructor" has a forbidden segment "constructor"')],
    ['set prototype segment', { set: 'gpuoperator:prototype=1' }, err('Invalid set parameter', 'path "prototype" has a forbidden segment "prototype"')],
    ['set empty segment a..b', { set: 'gpuoperator:a..b=1' }, err('Invalid set parameter', 'path "a..b" has an empty segment')],
    ['set leading dot', { set: 'gpuoperator:.a=1' }, err('Invalid set parameter', 'path ".a" has an empty segment')],
    ['set trailing dot', { set: 'gpuoperator:a.=1' }, err('Invalid set parameter', 'path "a." has an empty segment')],
    ['set newline in value', { set: 'gpuoperator:a=x\ny' }, err('Invalid set parameter', 'value for gpuoperator:a contains control characters')],
    ['set control char in key', { set: 'gpu\u0001:a=1' }, err('Invalid set parameter', 'key "gpu\\u0001" contains control characters')],
    ['set tab in path', { set: 'gpuoperator:a\tb=1' }, err('Invalid set parameter', 'path "a\\tb" contains control characters')],
    ['set path 257 chars', { set: `gpuoperator:${'a'.repeat(257)}=1` }, err('Invalid set parameter', 'path of gpuoperator is 257 characters long (limit 256)')],
    ['set 33 segments', { set: `gpuoperator:${Array(33).fill('a').join('.')}=1` }, err('Invalid set parameter', `path "${Array(33).fill('a').join('.')}" has 33 segments (limit 32)`)],
    ['set value 4097 chars', { set: `gpuoperator:a=${'v'.repeat(4097)}` }, err('Invalid set parameter', 'value for gpuoperator:a is 4097 characters long (limit 4096)')],
    ['201 set params', { set: Array(201).fill('gpuoperator:a=1') }, err('Invalid set parameter', 'too many set parameters: 201 (limit 200)')],
    ['set inf', { set: 'gpuoperator:a=inf' }, err('Invalid set parameter', 'value "inf" for gpuoperator:a is not a finite number')],
    ['set nan', { set: 'gpuoperator:a=nan' }, err('Invalid set parameter', 'value "nan" for gpuoperator:a is not a finite number')],
    ['set 1e999', { set: 'gpuoperator:a=1e999' }, err('Invalid set parameter', 'value "1e999" for gpuoperator:a is not a finite number')],
    // Row 3 (H15)
    ['system selector without "="', { 'system-node-selector': 'nodeGroup' }, err('Invalid system-node-selector', 'invalid format "nodeGroup": expected key=value')],
    ['system selector empty key', { 'system-node-selector': '=x' }, err('Invalid system-node-selector', 'invalid selector "=x": label key must not be empty')],
    ['system selector __proto__', { 'system-node-selector': '__proto__=x' }, err('Invalid system-node-selector', 'invalid selector "__proto__=x": label key "__proto__": name must be at most 63 characters, alphanumeric, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric')],
    ['system selector value with "="', { 'system-node-selector': 'a=b=c' }, err('Invalid system-node-selector', 'invalid selector "a=b=c": label value "b=c": must be at most 63 characters, alphanumeric, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric')],
    // Row 4
    ['accelerated selector space', { 'accelerated-node-selector': 'a b=c' }, err('Invalid accelerated-node-selector', 'invalid selector "a b=c": label key "a b": name must be at most 63 characters, alphanumeric, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric')],
    ['accelerated selector 64-char name', { 'accelerated-node-selector': `${'a'.repeat(64)}=x` }, err('Invalid accelerated-node-selector', `invalid selector "${'a'.repeat(64)}=x": label key "${'a'.repeat(64)}": name must be at most 63 characters, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric`)],
    // Row 5 (H16)
    ['system toleration two ":"', { 'system-node-toleration': 'a:b:NoSchedule' }, err('Invalid system-node-toleration', 'invalid format "a:b:NoSchedule": expected key=value:effect or key:effect (exactly one \':\')')],
    ['system toleration no ":"', { 'system-node-toleration': 'dedicated=system' }, err('Invalid system-node-toleration', 'invalid format "dedicated=system": expected key=value:effect or key:effect (exactly one \':\')')],
    ['system toleration bad effect', { 'system-node-toleration': 'a=b:noschedule' }, err('Invalid system-node-toleration', 'invalid effect "noschedule" in "a=b:noschedule": must be one of NoSchedule, PreferNoSchedule, NoExecute')],
    ['system toleration empty key', { 'system-node-toleration': ':NoSchedule' }, err('Invalid system-node-toleration', 'invalid ":NoSchedule": label key must not be empty')],
    // Row 6
    ['accelerated toleration bad value', { 'accelerated-node-toleration': 'a=b c:NoExecute' }, err('Invalid accelerated-node-toleration', 'invalid "a=b c:NoExecute": label value "b c": must be at most 63 characters, alphanumeric, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric')],
    // Row 7
    ['deployer flux', { deployer: 'flux' }, err('Invalid deployer parameter', 'invalid deployer type "flux": must be one of [argocd helm]')],
    ['deployer non-ASCII fold', { deployer: 'ARGOCD\u212A' }, err('Invalid deployer parameter', 'invalid deployer type "ARGOCD\u212A": must be one of [argocd helm]')],
    // Row 7a (H22)
    ['repo ftp', { repo: 'ftp://example.com/x.git' }, err('Invalid repo parameter', 'repo "ftp://example.com/x.git" is not an https://, http://, ssh:// or git@host:path URL')],
    ['repo with space', { repo: 'https://example.com/a b' }, err('Invalid repo parameter', 'repo must not contain whitespace, quotes, $ or backticks')],
    ['repo with $', { repo: 'https://example.com/$(id)' }, err('Invalid repo parameter', 'repo must not contain whitespace, quotes, $ or backticks')],
    ['repo too long', { repo: `https://example.com/${'a'.repeat(2030)}` }, err('Invalid repo parameter', 'repo is 2050 characters long (limit 2048)')],
    // Row 8
    ['workload-gate without effect', { 'workload-gate': 'skyhook.nvidia.com=runtime-required' }, err('Invalid workload-gate parameter', 'invalid format "skyhook.nvidia.com=runtime-required": expected key=value:effect or key:effect (exactly one \':\')')],
    ['workload-gate empty key', { 'workload-gate': '=x:NoSchedule' }, err('Invalid workload-gate parameter', 'invalid "=x:NoSchedule": label key must not be empty')],
    // Row 9
    ['workload-selector no "="', { 'workload-selector': 'x' }, err('Invalid workload-selector parameter', 'invalid format "x": expected key=value')],
    // Row 10 (H25)
    ...['-1', '1e3', '0x10', '8abc', '+5', ' 5', '2147483648', '1.5'].map((n) => [`nodes ${JSON.stringify(n)}`, { nodes: n }, err('nodes must be a non-negative integer')] as Row),
    // Row 11 (H27)
    ['bundlers not a label', { bundlers: 'gpu_operator' }, err('Invalid bundler type', 'bundler name "gpu_operator" is not a DNS-1123 label')],
    ['bundlers 64 chars', { bundlers: 'a'.repeat(64) }, err('Invalid bundler type', `bundler name "${'a'.repeat(64)}" is longer than 63 characters`)],
    ['51 bundlers', { bundlers: Array.from({ length: 51 }, (_, i) => `c${i}`).join(',') }, err('Invalid bundler type', 'too many bundlers: 51 (limit 50)')],
  ])('%s', async (_name, query, expected) => {
    expect(await failure(() => plan(query, SEED_HELM_BODY))).toStrictEqual(expected);
  });

  // First failure wins: rows in table order, whatever the parameter order in the URL.
  it.each([
    [{ nodes: 'x', set: 'bad' }, 'Invalid set parameter'],
    [{ deployer: 'x', 'system-node-toleration': 'bad' }, 'Invalid system-node-toleration'],
    [{ repo: 'ftp://x', deployer: 'x' }, 'Invalid deployer parameter'],
    [{ bundlers: 'A_B', nodes: '-1' }, 'nodes must be a non-negative integer'],
    [{ 'workload-selector': 'x', 'workload-gate': 'bad' }, 'Invalid workload-gate parameter'],
  ])('order %o → %s', async (query, message) => {
    expect((await failure(() => plan(query, SEED_HELM_BODY))).message).toBe(message);
  });

  it.each([
    [{ deployer: ' ArgoCD\t' }, 'deployer', 'argocd'],
    [{ deployer: 'HELM' }, 'deployer', 'helm'],
    [{ deployer: ['argocd', 'helm'] }, 'deployer', 'argocd'],
    [{}, 'deployer', 'helm'],
    [{ repo: '' }, 'repo', 'https://github.com/YOUR-ORG/YOUR-REPO.git'],
    [{ repo: 'git@github.com:my-org/repo.git' }, 'repo', 'git@github.com:my-org/repo.git'],
    [{ repo: 'ssh://git@example.com/x.git' }, 'repo', 'ssh://git@example.com/x.git'],
    [{ repo: ['https://github.com/my-org/my-gitops-repo.git', 'https://other'] }, 'repo', 'https://github.com/my-org/my-gitops-repo.git'],
  ] as Array<[RawQuery, 'deployer' | 'repo', string]>)('accepts %o', async (query, field, value) => {
    const p = await plan(query, SEED_HELM_BODY);
    expect(p[field]).toBe(value);
  });

  it.each([
    [{ bundlers: ' GPU-Operator , ,gpu-operator' }, ['gpu-operator']],
    [{ bundlers: ['gpu-operator', 'network-operator,gpu-operator'] }, ['gpu-operator', 'network-operator']],
    [{ bundlers: ',' }, ['gpu-operator', 'network-operator']],
  ])('bundlers %o select %o', async (query, names) => {
    const p = await plan(query, SEED_HELM_BODY);
    expect(p.components.map((c) => c.ref.name)).toStrictEqual(names);
  });
});
