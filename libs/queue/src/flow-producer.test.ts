import type { BundlePlan } from '@aicr/contracts';
import { describe, expect, it } from 'vitest';
import { bundleFlow } from './flow-producer';
import { planWithOverrides } from './test-support';

const keys = { bundleKey: 'k:bundle', cancelKey: 'k:cancel' };
const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe('bundleFlow payloads', () => {
  it('carry a large value at most twice per request, not once per component', () => {
    const BIG = 200_000;
    const flowBytes = (plan: BundlePlan) => {
      const flow = bundleFlow(plan, 'flow-1', 'req-1', keys);
      return size(flow.data) + (flow.children ?? []).reduce((sum, c) => sum + size(c.data), 0);
    };
    // The recipe (recipe.yaml) in the parent, the values in comp-0's child: 2 × BIG more than
    // the same plan without the blob, where every job carrying the whole plan held 17 × 3 × BIG
    // (recipe, ref, values).
    expect(flowBytes(planWithOverrides(16, BIG)) - flowBytes(planWithOverrides(16, 0))).toBeLessThanOrEqual(2 * BIG);
  });

  it('gives the parent the whole recipe and every component outlined, and each child its component whole', () => {
    const plan = planWithOverrides(4, 1000);
    const flow = bundleFlow(plan, 'flow-1', 'req-1', keys);
    const parent = flow.data.plan as BundlePlan;
    expect(parent.recipe).toEqual(plan.recipe);
    expect({ ...parent, recipe: undefined, components: undefined }).toEqual({ ...plan, recipe: undefined, components: undefined });
    for (const [i, c] of parent.components.entries()) {
      const { overrides: _, ...ref } = plan.components[i]!.ref;
      expect(c).toEqual({ ref, index: i, values: {}, manifests: [] });
    }
    for (const [i, child] of (flow.children ?? []).entries()) {
      const childPlan = child.data.plan as BundlePlan;
      expect(child.data.component).toBe(`comp-${i}`);
      const { overrides: _, ...ownRef } = plan.components[i]!.ref;
      expect(childPlan.components[i]).toEqual({ ...plan.components[i], ref: ownRef });
      expect(childPlan.components.filter((c) => c.values && Object.keys(c.values).length > 0)).toHaveLength(1);
      expect(childPlan.recipe.componentRefs).toEqual([]);
      expect(childPlan.registry).toEqual(plan.registry);
    }
  });
});
