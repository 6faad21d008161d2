import { invalidRequest, type RegistryEntry } from '@aicr/contracts';
import { componentValues, type Catalog } from '@aicr/recipe-engine';
import type { PlannedRef } from './registry-defaults';
import { applyScheduling, type SchedulingInputs } from './scheduling';
import type { SetOverride } from './set-overrides';
import { setEntriesFor } from './set-targets';

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Row 21, one component (BUNDLES.md §4): values files + inline overrides → `set` → scheduling,
 * workload selector, workload gate, node count. A values file that does not parse → 400
 * `Invalid request body`; a `set` path through a list or scalar → 400 `Invalid set parameter`.
 */
export function plannedValues(
  catalog: Catalog,
  ref: PlannedRef,
  entry: RegistryEntry | undefined,
  sets: readonly SetOverride[],
  scheduling: SchedulingInputs,
): Record<string, unknown> {
  const values = componentValues(catalog, { name: ref.name, valuesFile: ref.valuesFile, overrides: withoutEnabled(ref.overrides) }, (path, problem) => {
    throw invalidRequest('Invalid request body', { error: `component ${JSON.stringify(ref.name)}: valuesFile ${JSON.stringify(path)}: ${problem}` });
  });
  for (const s of setEntriesFor(ref.name, entry, sets)) {
    // `enabled` selects components (row 19); it is never written into values.
    if (s.path === 'enabled') continue;
    applySet(values, s, ref.name);
  }
  applyScheduling(values, entry, scheduling);
  return values;
}

/** BUNDLES.md §3.2 [deviation]: a top-level `enabled` of the inline overrides is not a chart value. */
function withoutEnabled(overrides: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!overrides || !Object.hasOwn(overrides, 'enabled')) return overrides;
  const { enabled: _dropped, ...rest } = overrides;
  return rest;
}

/** Missing maps are created; an existing list or scalar on the way is a client error [deviation]. */
function applySet(values: Record<string, unknown>, s: SetOverride, component: string): void {
  let node = values;
  s.segments.slice(0, -1).forEach((seg, i) => {
    if (!Object.hasOwn(node, seg)) node[seg] = {};
    const next = node[seg];
    if (!isMap(next)) {
      const at = s.segments.slice(0, i + 1).join('.');
      throw invalidRequest('Invalid set parameter', {
        error: `set ${s.key}:${s.path} for component ${JSON.stringify(component)}: ${at} is ${Array.isArray(next) ? 'a list' : 'not a map'}; list indexes are not supported`,
      });
    }
    node = next;
  });
  node[s.segments[s.segments.length - 1]] = s.value;
}
