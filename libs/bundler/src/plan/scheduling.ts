import type { RegistryEntry, Toleration } from '@aicr/contracts';
import { TOLERATE_ALL } from './tolerations';

/** Scheduling inputs of one request (API.md §8.6 parameters, validated). */
export interface SchedulingInputs {
  systemNodeSelector: ReadonlyArray<[string, string]>;
  acceleratedNodeSelector: ReadonlyArray<[string, string]>;
  /** null = parameter absent → `[{operator: Exists}]` (upstream default, kept). */
  systemNodeTolerations: readonly Toleration[] | null;
  acceleratedNodeTolerations: readonly Toleration[] | null;
  workloadSelector: ReadonlyArray<[string, string]>;
  workloadGate: string | null;
  nodes: number;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Replaces the value at a registry-declared dotted path (§4.3: no merge with what was there;
 * non-map intermediates are silently replaced by maps, as upstream). Registry paths are trusted
 * data, but a prototype-reaching segment is still never walked.
 */
function replaceAt(values: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  if (segments.some((s) => s === '' || UNSAFE.has(s))) return;
  let node = values;
  for (const seg of segments.slice(0, -1)) {
    const next = Object.hasOwn(node, seg) ? node[seg] : undefined;
    if (!isMap(next)) node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]] = value;
}

// Every write gets its own copy: shared objects would make a YAML emitter print anchors/aliases.
const selector = (entries: ReadonlyArray<[string, string]>) => () => Object.fromEntries(entries);
const tolerations = (list: readonly Toleration[]) => () => list.map((t) => ({ ...t }));

/**
 * BUNDLES.md §4.3 steps 1–7, in that order, onto the paths the registry declares; a later step
 * overwrites an earlier one on the same path (aws-ebs-csi-driver `node.tolerations`: accelerated
 * wins). Components without a registry entry are untouched.
 */
export function applyScheduling(values: Record<string, unknown>, entry: RegistryEntry | undefined, s: SchedulingInputs): void {
  if (!entry) return;
  const ns = entry.nodeScheduling;
  const steps: Array<[readonly string[] | undefined, (() => unknown) | null]> = [
    [ns?.system?.nodeSelectorPaths, s.systemNodeSelector.length > 0 ? selector(s.systemNodeSelector) : null],
    [ns?.system?.tolerationPaths, tolerations(s.systemNodeTolerations ?? TOLERATE_ALL)],
    [ns?.accelerated?.nodeSelectorPaths, s.acceleratedNodeSelector.length > 0 ? selector(s.acceleratedNodeSelector) : null],
    [ns?.accelerated?.tolerationPaths, tolerations(s.acceleratedNodeTolerations ?? TOLERATE_ALL)],
    [
      entry.podScheduling?.workload?.workloadSelectorPaths,
      s.workloadSelector.length > 0 ? selector(s.workloadSelector) : null,
    ],
    [ns?.accelerated?.taintStrPaths, s.workloadGate !== null ? () => s.workloadGate : null],
    [ns?.nodeCountPaths, s.nodes > 0 ? () => s.nodes : null],
  ];
  for (const [paths, make] of steps) {
    if (!make) continue;
    for (const p of paths ?? []) replaceAt(values, p, make());
  }
}
