/**
 * Child job: render one component (ARCHITECTURE.md §2). Workers re-check nothing user-facing;
 * a renderer's AicrError (template execution 400, template parse 500) becomes a final failure
 * carrying that error (job-errors.ts).
 */
import type { Job } from 'bullmq';
import type { RenderJobData, RenderJobResult } from '@aicr/contracts';
import { toJobError } from './job-errors';
import type { Renderer } from './renderer';
import type { JobObserver } from './worker-observer';

export function renderProcessor(renderer: Renderer, workerName: string, observer?: JobObserver) {
  return async (job: Job<RenderJobData>): Promise<RenderJobResult> => {
    const { plan, component: name } = job.data;
    const started = performance.now();
    let ok = false;
    try {
      const component = plan.components.find((c) => c.ref.name === name);
      // A malformed payload is a defect, not user input: unexpected, like any other exception.
      if (!component) throw new Error(`render job ${job.id}: component ${name} is not in its plan`);
      const result = await renderer.renderComponent(plan, component);
      ok = true;
      return { result, worker: workerName, durationMs: Math.round(performance.now() - started) };
    } catch (err) {
      throw toJobError(err);
    } finally {
      observer?.({ queue: 'render', component: name, ok, seconds: (performance.now() - started) / 1000 });
    }
  };
}
