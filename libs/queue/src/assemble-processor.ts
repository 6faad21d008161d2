/**
 * Parent job: collect the children's files, build the zip, store it under its TTL key and return
 * only metadata (ARCHITECTURE.md §2). The parent also wakes up as soon as a child fails for good
 * (`continueParentOnFailure`): it then fails the flow with that child's reason, after removing the
 * children that have not started, so a broken template answers fast and wastes nothing.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type { AssembleJobData, AssembleJobResult, ComponentRenderResult, RenderJobResult } from '@aicr/contracts';
import type { BundleStore } from './bundle-store';
import { encodeReason, generationFailed, isEncodedReason, toJobError } from './job-errors';
import type { Renderer } from './renderer';
import type { JobObserver } from './worker-observer';

const CANCELLED = 'cancelled: the gateway gave up on this request';

export interface AssembleDeps {
  renderer: Renderer;
  store: BundleStore;
  ttlSeconds: number;
  workerName: string;
  observer?: JobObserver;
}

export function assembleProcessor(deps: AssembleDeps) {
  return async (job: Job<AssembleJobData>): Promise<AssembleJobResult> => {
    const { plan, bundleKey, cancelKey } = job.data;
    const keys = { bundleKey, cancelKey };
    const started = performance.now();
    let ok = false;
    try {
      if (await deps.store.isCancelled(keys)) {
        await deps.store.clearCancel(keys);
        throw new UnrecoverableError(CANCELLED);
      }

      const failures = Object.entries((await job.getIgnoredChildrenFailures()) ?? {});
      if (failures.length > 0) {
        await job.removeUnprocessedChildren().catch(() => undefined);
        const [childKey, reason] = failures[0];
        // A typed failure passes through unchanged; anything else is reported as row 23's 500.
        throw new UnrecoverableError(isEncodedReason(reason) ? reason : encodeReason(generationFailed(`${childKey}: ${reason}`)));
      }

      const values = Object.values((await job.getChildrenValues<RenderJobResult>()) ?? {});
      const byName = new Map(values.map((v) => [v.result.name, v.result]));
      const results: ComponentRenderResult[] = plan.components.map((c) => {
        const r = byName.get(c.ref.name);
        if (!r) throw new Error(`assemble job ${job.id}: no render result for ${c.ref.name}`);
        return r;
      });

      const artifact = await deps.renderer.assembleBundle(plan, results);
      const stored = await deps.store.put(keys, artifact.zip, deps.ttlSeconds);
      ok = true;
      return {
        key: bundleKey,
        files: artifact.files,
        size: artifact.size,
        sha256: artifact.sha256,
        warnings: artifact.warnings,
        stored,
        worker: deps.workerName,
      };
    } catch (err) {
      const jobErr = err instanceof UnrecoverableError ? err : toJobError(err);
      // Last attempt: nobody else will consume a cancel marker the gateway may have set.
      const final = jobErr instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) await deps.store.clearCancel(keys).catch(() => undefined);
      throw jobErr;
    } finally {
      deps.observer?.({ queue: 'assemble', ok, seconds: (performance.now() - started) / 1000 });
    }
  };
}
