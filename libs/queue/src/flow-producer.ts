/**
 * The shape of one bundle request in BullMQ: a parent `assemble` job with one `render` child per
 * component (ARCHITECTURE.md §2). Children run in parallel on any worker; the parent runs once
 * they are all done (or as soon as one fails, to fail the request fast).
 */
import type { FlowJob, JobsOptions } from 'bullmq';
import { BUNDLE_QUEUES, type AssembleJobData, type BundlePlan, type PlannedComponent, type RenderJobData } from '@aicr/contracts';
import type { FlowKeys } from './bundle-store';

/** Retries for unexpected failures (typed AicrError failures are never retried). */
const RENDER_ATTEMPTS = 3;
const ASSEMBLE_ATTEMPTS = 2;

// Jobs leave Redis as soon as they finish: the parent's result travels in the completion event
// and the zip under its own key; a failure's reason travels in the failure event. Keeping them
// would only make Redis grow.
const common: JobsOptions = { removeOnComplete: true, removeOnFail: true };

/**
 * What a child needs: the plan with every other component reduced to its ref and index (a
 * renderer may look at the component list) — their values and manifests, the bulk of a plan,
 * stay out of this child's payload.
 */
export function planForComponent(plan: BundlePlan, component: PlannedComponent): BundlePlan {
  return {
    ...plan,
    components: plan.components.map((c) => (c === component ? c : { ref: c.ref, index: c.index, values: {}, manifests: [] })),
  };
}

export function bundleFlow(plan: BundlePlan, flowId: string, requestId: string, keys: FlowKeys): FlowJob {
  const parent: AssembleJobData = { requestId, plan, bundleKey: keys.bundleKey, cancelKey: keys.cancelKey };
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
