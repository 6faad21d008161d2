/**
 * The shape of one bundle request in BullMQ: a parent `assemble` job with one `render` child per
 * component (ARCHITECTURE.md §2). Children run in parallel on any worker; the parent runs once
 * they are all done (or as soon as one fails, to fail the request fast).
 */
import type { FlowJob, JobsOptions } from 'bullmq';
import { BUNDLE_QUEUES, type AssembleJobData, type BundledRecipe, type BundlePlan, type PlannedComponent, type RenderJobData } from '@aicr/contracts';
import type { FlowKeys } from './bundle-store';

/** Retries for unexpected failures (typed AicrError failures are never retried). */
const RENDER_ATTEMPTS = 3;
const ASSEMBLE_ATTEMPTS = 2;

// Jobs leave Redis as soon as they finish: the parent's result travels in the completion event
// and the zip under its own key; a failure's reason travels in the failure event. Keeping them
// would only make Redis grow.
const common: JobsOptions = { removeOnComplete: true, removeOnFail: true };

/**
 * A component as the jobs that do not render it see it: its ref and index. Its values and
 * manifests — the bulk of a plan — and its ref's inline overrides (already merged into its
 * values, and written to recipe.yaml from the parent's recipe) stay out: every component's copy in every job would make a request's Redis payload
 * grow with the square of its components (a 6 MiB body of overrides once held ~100 MiB of job
 * data, and crowded other requests off the gateway's Redis connection; docs/security.md).
 */
function outline(c: PlannedComponent): PlannedComponent {
  return { ref: refWithoutOverrides(c), index: c.index, values: {}, manifests: [] };
}

function refWithoutOverrides(c: PlannedComponent): PlannedComponent['ref'] {
  const { overrides: _merged, ...ref } = c.ref;
  return ref;
}

/** The recipe feeds only the root files (README, scripts, recipe.yaml), which the parent renders. */
const NO_RECIPE: BundledRecipe = { metadata: {}, criteria: null, componentRefs: [], deploymentOrder: [] };

/**
 * What a child needs: its component (values and manifests; its overrides are in its values),
 * every other one outlined (a renderer may look at the list), no recipe.
 */
export function planForComponent(plan: BundlePlan, component: PlannedComponent): BundlePlan {
  const own = (c: PlannedComponent): PlannedComponent => ({ ...c, ref: refWithoutOverrides(c) });
  return { ...plan, recipe: NO_RECIPE, components: plan.components.map((c) => (c === component ? own(c) : outline(c))) };
}

/** What the parent needs: the recipe and every component outlined; the rendered files come from its children. */
export function planForAssembly(plan: BundlePlan): BundlePlan {
  return { ...plan, components: plan.components.map(outline) };
}

export function bundleFlow(plan: BundlePlan, flowId: string, requestId: string, keys: FlowKeys): FlowJob {
  const parent: AssembleJobData = { requestId, plan: planForAssembly(plan), bundleKey: keys.bundleKey, cancelKey: keys.cancelKey };
  return {
    name: 'assemble',
    queueName: BUNDLE_QUEUES.assemble,
    data: parent,
    // The gateway knows the parent's id before adding the flow, so it can wait for it first.
    opts: { ...common, jobId: flowId, attempts: ASSEMBLE_ATTEMPTS, backoff: { type: 'fixed', delay: 200 } },
    children: plan.components.map((component) => {
      const data: RenderJobData = { requestId, component: component.ref.name, plan: planForComponent(plan, component) };
      return {
        name: 'render',
        queueName: BUNDLE_QUEUES.render,
        data,
        opts: {
          ...common,
          attempts: RENDER_ATTEMPTS,
          backoff: { type: 'exponential', delay: 100 },
          // A child's final failure wakes the parent at once (instead of failing it with a bare
          // "child failed" reason): the parent reads the child's reason and fails with it.
          continueParentOnFailure: true,
        },
      };
    }),
  };
}
