import { describe, expect, it } from 'vitest';
import { DependencyError, deploymentOrder } from './deployment-order';

const g = (spec: Record<string, string[]>) => Object.entries(spec).map(([name, dependencyRefs]) => ({ name, dependencyRefs }));

describe('deploymentOrder (RECIPES.md §5.5)', () => {
  const rows: Array<[string, Record<string, string[]>, string[]]> = [
    ['empty', {}, []],
    ['no dependencies: alphabetical', { c: [], a: [], b: [] }, ['a', 'b', 'c']],
    ['a dependency first', { a: ['b'], b: [] }, ['b', 'a']],
    ['smallest ready name at every step', { z: [], y: ['z'], a: ['y'], b: [] }, ['b', 'z', 'y', 'a']],
    ['duplicate references count once', { a: ['b', 'b'], b: [] }, ['b', 'a']],
    [
      'example A of the shipped data',
      {
        'cert-manager': [],
        'gpu-operator': ['cert-manager', 'kube-prometheus-stack'],
        'k8s-ephemeral-storage-metrics': ['kube-prometheus-stack'],
        'kai-scheduler': ['gpu-operator'],
        'kube-prometheus-stack': [],
        'nvidia-dra-driver-gpu': ['gpu-operator'],
        nvsentinel: ['cert-manager', 'gpu-operator'],
        'prometheus-adapter': ['kube-prometheus-stack'],
        'skyhook-operator': [],
      },
      ['cert-manager', 'kube-prometheus-stack', 'gpu-operator', 'k8s-ephemeral-storage-metrics', 'kai-scheduler', 'nvidia-dra-driver-gpu', 'nvsentinel', 'prometheus-adapter', 'skyhook-operator'],
    ],
  ];
  it.each(rows)('%s', (_name, spec, expected) => {
    expect(deploymentOrder(g(spec))).toEqual(expected);
  });

  it.each([
    ['a missing component', { a: ['x'] }, /"a" depends on "x"/],
    ['a self-dependency', { a: ['a'] }, /cycle among components: a$/],
    ['a cycle', { a: ['b'], b: ['c'], c: ['a'], d: [] }, /cycle among components: a, b, c$/],
  ])('refuses %s', (_name, spec, message) => {
    expect(() => deploymentOrder(g(spec))).toThrow(DependencyError);
    expect(() => deploymentOrder(g(spec))).toThrow(message);
  });
});
