import { invalidRequest, type RegistryEntry } from '@aicr/contracts';
import type { PlannedRef } from './registry-defaults';

/** What the registry validation functions look at (BUNDLES.md §3.4). */
export interface ValidationInputs {
  /** The body's criteria as sent (conditions compare e.g. `intent`). */
  criteria: Record<string, unknown> | null;
  acceleratedNodeSelector: ReadonlyArray<[string, string]>;
  workloadSelector: ReadonlyArray<[string, string]>;
}

// Upstream's validation functions; an unknown function name checks nothing (data defect, not
// the client's), exactly as an unknown check would be skipped by a newer catalog.
const FUNCTIONS: Record<string, (i: ValidationInputs) => boolean> = {
  CheckWorkloadSelectorMissing: (i) => i.workloadSelector.length === 0,
  CheckAcceleratedSelectorMissing: (i) => i.acceleratedNodeSelector.length === 0,
};

const fold = (v: unknown) => (typeof v === 'string' ? v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase()) : '');

/**
 * Row 20: runs the selected components' registry validations in component order. A triggered
 * check of severity `error` → 400 `component validation failed`; otherwise its message becomes a
 * warning (X-Bundle-Warnings) [extension: upstream only logs them].
 */
export function runRegistryValidations(
  refs: readonly PlannedRef[],
  registry: ReadonlyMap<string, RegistryEntry>,
  inputs: ValidationInputs,
): string[] {
  const warnings: string[] = [];
  for (const ref of refs) {
    for (const v of registry.get(ref.name)?.validations ?? []) {
      const check = FUNCTIONS[v.function];
      if (!check) continue;
      const applies = Object.entries(v.conditions ?? {}).every(([field, values]) =>
        values.map(fold).includes(fold(inputs.criteria?.[field])),
      );
      if (!applies || !check(inputs)) continue;
      const message = v.message ?? `${v.function} failed`;
      if (v.severity === 'error') {
        throw invalidRequest('component validation failed', { error: `${ref.name}: ${message}` });
      }
      warnings.push(message);
    }
  }
  return warnings;
}
