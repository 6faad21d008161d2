import { describe, expect, it } from 'vitest';
import { thrownAicrError } from '@aicr/testing';
import type { CriteriaField } from '@aicr/contracts';
import { criteriaKey, normalizeCriteriaValue, parseCriteriaQuery, parseCriteriaSpec } from './criteria';

const MSG = 'Invalid recipe criteria';

describe('normalizeCriteriaValue', () => {
  const rows: Array<[CriteriaField, string, string | undefined]> = [
    ['service', 'eks', 'eks'],
    ['service', 'EKS', 'eks'],
    ['service', ' Eks\t', 'eks'],
    ['service', '\r\nkind\n', 'kind'],
    ['service', '', 'any'],
    ['service', 'ANY', 'any'],
    ['service', 'self-managed', 'any'],
    ['service', 'Self', 'any'],
    ['service', 'vanilla', 'any'],
    ['service', 'openshift', undefined],
    ['service', '\u212Aind', undefined],
    ['service', '\uFEFFeks', undefined],
    ['service', 'e\u0000ks', undefined],
    ['service', 'eks\u0000', undefined],
    ['service', 'eks\v', undefined],
    ['accelerator', 'H100', 'h100'],
    ['accelerator', 'b200', 'b200'],
    ['accelerator', 'tpu', undefined],
    ['accelerator', 'rtx-pro-6000', undefined],
    ['intent', 'Training', 'training'],
    ['intent', 'inference', 'inference'],
    ['intent', 'serving', undefined],
    ['os', 'al2', 'amazonlinux'],
    ['os', 'AL2023', 'amazonlinux'],
    ['os', 'amazonlinux', 'amazonlinux'],
    ['os', 'cos', 'cos'],
    ['os', 'windows', undefined],
    ['platform', 'Dynamo', 'dynamo'],
    ['platform', 'kubeflow', 'kubeflow'],
    ['platform', 'ray', undefined],
    ['service', ' '.repeat(60) + 'eks', 'eks'],
    ['service', ' '.repeat(62) + 'eks', undefined],
  ];
  it.each(rows)('%s %j → %j', (field, raw, expected) => {
    expect(normalizeCriteriaValue(field, raw)).toBe(expected);
  });
});

describe('parseCriteriaQuery', () => {
  const ok: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['no parameters', {}, { service: 'any', accelerator: 'any', intent: 'any', os: 'any', platform: 'any', nodes: 0 }],
    ['case and padding', { service: ' EKS ', accelerator: 'H100', intent: 'TRAINING' }, { service: 'eks', accelerator: 'h100', intent: 'training' }],
    ['gpu alias', { gpu: 'gb200' }, { accelerator: 'gb200' }],
    ['accelerator wins over gpu', { accelerator: 'h100', gpu: 'gb200' }, { accelerator: 'h100' }],
    ['empty accelerator falls back to gpu', { accelerator: '', gpu: 'GB200' }, { accelerator: 'gb200' }],
    ['repeated parameter: first wins', { service: ['eks', 'gke'] }, { service: 'eks' }],
    ['repeated gpu: first wins', { gpu: ['h100', 'tpu'] }, { accelerator: 'h100' }],
    ['empty first occurrence counts as absent', { service: ['', 'gke'] }, { service: 'any' }],
    ['empty value = any', { service: '', os: '' }, { service: 'any', os: 'any' }],
    ['os alias', { os: 'al2' }, { os: 'amazonlinux' }],
    ['service alias', { service: 'self-managed' }, { service: 'any' }],
    ['unknown parameters ignored', { foo: 'bar', selector: 'x' }, { service: 'any' }],
    ['nodes', { nodes: '8' }, { nodes: 8 }],
    ['nodes zero', { nodes: '0' }, { nodes: 0 }],
    ['nodes leading zeros', { nodes: '007' }, { nodes: 7 }],
    ['nodes max', { nodes: '2147483647' }, { nodes: 2147483647 }],
    ['nodes repeated', { nodes: ['3', 'x'] }, { nodes: 3 }],
    ['nodes empty', { nodes: '' }, { nodes: 0 }],
  ];
  it.each(ok)('%s', (_name, query, expected) => {
    expect(parseCriteriaQuery(query, MSG)).toMatchObject(expected);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['unknown accelerator', { accelerator: 'tpu' }, 'invalid accelerator type: tpu'],
    ['bad gpu alias', { gpu: 'tpu' }, 'invalid accelerator type: tpu'],
    ['bad service', { service: 'openshift' }, 'invalid service type: openshift'],
    ['bad os', { os: 'windows' }, 'invalid os type: windows'],
    ['bad platform', { platform: 'ray' }, 'invalid platform type: ray'],
    ['bad intent', { intent: 'serving' }, 'invalid intent type: serving'],
    ['kelvin sign', { service: '\u212Aind' }, 'invalid service type: \u212Aind'],
    ['BOM', { service: '\uFEFFeks' }, 'invalid service type: \uFEFFeks'],
    ['nodes -1', { nodes: '-1' }, 'invalid nodes value: -1'],
    ['nodes 1e3', { nodes: '1e3' }, 'invalid nodes value: 1e3'],
    ['nodes 0x10', { nodes: '0x10' }, 'invalid nodes value: 0x10'],
    ['nodes 8abc', { nodes: '8abc' }, 'invalid nodes value: 8abc'],
    ['nodes +5', { nodes: '+5' }, 'invalid nodes value: +5'],
    ['nodes " 5"', { nodes: ' 5' }, 'invalid nodes value:  5'],
    ['nodes 1.5', { nodes: '1.5' }, 'invalid nodes value: 1.5'],
    ['nodes abc', { nodes: 'abc' }, 'invalid nodes value: abc'],
    ['nodes 2147483648', { nodes: '2147483648' }, 'invalid nodes value: 2147483648'],
    ['nodes huge', { nodes: '9'.repeat(400) }, `invalid nodes value: ${'9'.repeat(64)}`],
  ];
  it.each(bad)('%s → 400', (_name, query, error) => {
    const e = thrownAicrError(() => parseCriteriaQuery(query, MSG));
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.status).toBe(400);
    expect(e.message).toBe(MSG);
    expect(e.details).toEqual({ error });
  });

  it('a value over 64 chars is refused and echoed truncated to 64', () => {
    const long = 'h'.repeat(65);
    const e = thrownAicrError(() => parseCriteriaQuery({ accelerator: long }, 'Invalid query criteria'));
    expect(e.message).toBe('Invalid query criteria');
    expect(e.details).toEqual({ error: `invalid accelerator type: ${'h'.repeat(64)}` });
  });

  it('a 64-char padded value is still accepted', () => {
    expect(parseCriteriaQuery({ service: `${' '.repeat(61)}eks` }, MSG).service).toBe('eks');
  });
});

describe('parseCriteriaSpec', () => {
  const ok: Array<[string, unknown, Record<string, unknown>]> = [
    ['undefined', undefined, { service: 'any', nodes: 0 }],
    ['null', null, { service: 'any', nodes: 0 }],
    ['empty object', {}, { service: 'any', accelerator: 'any', intent: 'any', os: 'any', platform: 'any', nodes: 0 }],
    ['values', { service: 'EKS', accelerator: 'gb200', intent: 'training', os: 'ubuntu', platform: 'kubeflow', nodes: 8 }, { service: 'eks', accelerator: 'gb200', platform: 'kubeflow', nodes: 8 }],
    ['null fields are any', { service: null, nodes: null }, { service: 'any', nodes: 0 }],
    ['no gpu alias in bodies', { gpu: 'h100' }, { accelerator: 'any' }],
    ['unknown keys ignored', { foo: 1 }, { service: 'any' }],
    ['nodes 0', { nodes: 0 }, { nodes: 0 }],
    ['nodes max', { nodes: 2147483647 }, { nodes: 2147483647 }],
  ];
  it.each(ok)('%s', (_name, spec, expected) => {
    expect(parseCriteriaSpec(spec, MSG)).toMatchObject(expected);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a list', [], /object/],
    ['a string', 'eks', /object/],
    ['bad enum', { accelerator: 'tpu' }, /invalid accelerator type: tpu/],
    ['number for a string field', { service: 5 }, /invalid service type: 5/],
    ['quoted nodes', { nodes: '8' }, /invalid nodes value: "8"/],
    ['fractional nodes', { nodes: 8.5 }, /invalid nodes value: 8.5/],
    ['negative nodes', { nodes: -1 }, /invalid nodes value: -1/],
    ['too many nodes', { nodes: 2147483648 }, /invalid nodes value/],
    ['bigint nodes', { nodes: 8n }, /invalid nodes value: 8/],
    ['non-ASCII value', { os: 'ubuntu\u00a0' }, /invalid os type/],
  ];
  it.each(bad)('%s → 400', (_name, spec, error) => {
    const e = thrownAicrError(() => parseCriteriaSpec(spec, 'Invalid criteria in request body'));
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.message).toBe('Invalid criteria in request body');
    expect(String(e.details?.error)).toMatch(error);
  });
});

describe('prototype member names as criteria values', () => {
  // Found by criteria.fuzz.test.ts: an alias lookup through `[]` returned Object.prototype.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('%s is an unknown value (400)', (v) => {
    for (const field of ['service', 'accelerator', 'intent', 'os', 'platform'] as const) {
      expect(normalizeCriteriaValue(field, v)).toBeUndefined();
      expect(() => parseCriteriaQuery({ [field]: [v] }, 'Invalid recipe criteria')).toThrow('Invalid recipe criteria');
    }
  });
});

describe('criteriaKey', () => {
  it('is the six values joined by |, one flat string', () => {
    const key = criteriaKey(parseCriteriaQuery({ service: 'EKS', accelerator: 'h100', intent: 'training', nodes: '8' }, MSG));
    expect(key).toBe('eks|h100|training|any|any|8');
    expect(criteriaKey(parseCriteriaQuery({}, MSG))).toBe('any|any|any|any|any|0');
  });
});
