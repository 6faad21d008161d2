import { describe, expect, it } from 'vitest';
import type { ComponentRef } from '@aicr/contracts';
import { mergeComponentRef } from './merge';
import { overlayMatches, specificity } from './match';
import { ANY_CRITERIA, type Criteria } from '@aicr/contracts';
import type { OverlayCriteria } from './recipe-metadata';

const ref = (over: Partial<ComponentRef>): ComponentRef => ({ name: 'c', type: '', source: '', ...over });

describe('mergeComponentRef (RECIPES.md §5.2)', () => {
  const rows: Array<[string, Partial<ComponentRef>, Partial<ComponentRef>, Partial<ComponentRef>]> = [
    ['non-empty strings win', { version: '1', source: 's', type: 'Helm' }, { version: '2' }, { version: '2', source: 's', type: 'Helm' }],
    ['empty strings keep the existing value', { valuesFile: 'a.yaml', namespace: 'ns' }, { valuesFile: '', namespace: '' }, { valuesFile: 'a.yaml', namespace: 'ns' }],
    ['overrides: shallow union, top-level key replaces subtree', { overrides: { driver: { a: 1, b: 2 }, keep: 1 } }, { overrides: { driver: { c: 3 } } }, { overrides: { driver: { c: 3 }, keep: 1 } }],
    ['dependencyRefs replaced, not combined', { dependencyRefs: ['a', 'b'] }, { dependencyRefs: ['c'] }, { dependencyRefs: ['c'] }],
    ['empty dependencyRefs keep the existing list', { dependencyRefs: ['a'] }, { dependencyRefs: [] }, { dependencyRefs: ['a'] }],
    ['manifestFiles: ordered union', { manifestFiles: ['x', 'y'] }, { manifestFiles: ['y', 'z'] }, { manifestFiles: ['x', 'y', 'z'] }],
    ['manifestUrls: ordered union', { manifestUrls: ['https://a/1'] }, { manifestUrls: ['https://a/2', 'https://a/1'] }, { manifestUrls: ['https://a/1', 'https://a/2'] }],
    ['cleanup: true if either', { cleanup: true }, {}, { cleanup: true }],
    ['patches replaced', { patches: ['p1'] }, { patches: ['p2'] }, { patches: ['p2'] }],
  ];
  it.each(rows)('%s', (_name, e, o, expected) => {
    expect(mergeComponentRef(ref(e), ref(o))).toEqual(ref(expected));
  });

  it('copies: changing the result leaves both inputs alone', () => {
    const e = ref({ overrides: { a: { b: 1 } }, manifestFiles: ['x'] });
    const o = ref({ overrides: { c: { d: 1 } } });
    const out = mergeComponentRef(e, o);
    (out.overrides!.a as Record<string, unknown>).b = 2;
    (out.overrides!.c as Record<string, unknown>).d = 2;
    out.manifestFiles!.push('y');
    expect(e).toEqual(ref({ overrides: { a: { b: 1 } }, manifestFiles: ['x'] }));
    expect(o).toEqual(ref({ overrides: { c: { d: 1 } } }));
  });
});

describe('overlay matching (RECIPES.md §3)', () => {
  const oc = (over: Partial<OverlayCriteria>): OverlayCriteria => ({ service: '', accelerator: '', intent: '', os: '', platform: '', nodes: 0, ...over });
  const rq = (over: Partial<Criteria>): Criteria => ({ ...ANY_CRITERIA, ...over });
  const rows: Array<[string, OverlayCriteria, Criteria, boolean]> = [
    ['generic overlay matches an empty request', oc({ intent: 'any' }), rq({}), true],
    ['specific overlay fails against any', oc({ service: 'eks' }), rq({}), false],
    ['specific equal passes', oc({ service: 'eks' }), rq({ service: 'eks' }), true],
    ['specific different fails', oc({ service: 'eks' }), rq({ service: 'gke' }), false],
    ['subset of the request passes', oc({ service: 'eks', intent: 'training' }), rq({ service: 'eks', intent: 'training', os: 'rhel' }), true],
    ['overlay nodes 0 matches any nodes', oc({}), rq({ nodes: 8 }), true],
    ['overlay nodes fails for request 0', oc({ nodes: 8 }), rq({}), false],
    ['overlay nodes equal passes', oc({ nodes: 8 }), rq({ nodes: 8 }), true],
    ['overlay nodes different fails', oc({ nodes: 8 }), rq({ nodes: 4 }), false],
  ];
  it.each(rows)('%s', (_name, overlay, request, expected) => {
    expect(overlayMatches(overlay, request)).toBe(expected);
  });

  it.each([
    [oc({ intent: 'any' }), 0],
    [oc({ service: 'eks' }), 1],
    [oc({ service: 'eks', accelerator: 'h100', intent: 'training', os: 'ubuntu', platform: 'kubeflow' }), 5],
    [oc({ service: 'eks', nodes: 4 }), 2],
  ])('specificity %j = %d', (criteria, expected) => {
    expect(specificity(criteria)).toBe(expected);
  });
});
