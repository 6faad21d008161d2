import { AicrError, ErrorCode, type BundleArtifact, type BundlePlan, type BundleRunner, type ComponentRenderResult } from '@aicr/contracts';
import { assembleBundle } from './assemble';
import { renderComponent } from './render-component';

const timedOut = (stage: string) => new AicrError(ErrorCode.TIMEOUT, 'Request timed out', { stage });

/** Lets queued I/O (other requests, health checks) run between two components. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function check(deadline: number, signal: AbortSignal | undefined, stage: string): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    throw AicrError.is(reason) ? reason : timedOut(stage);
  }
  if (Date.now() >= deadline) throw timedOut(stage);
}

/**
 * One-process mode (no queue): renders the components one after the other on this thread,
 * yielding to the event loop between them, then assembles the zip. `deadline` is an epoch-ms
 * instant (gateway acceptance + AICR_BUNDLE_TIMEOUT_MS); passing it → TIMEOUT (504).
 */
export function createInProcessBundleRunner(): BundleRunner {
  return {
    async run(plan: BundlePlan, options: { deadline: number; requestId: string; signal?: AbortSignal }): Promise<BundleArtifact> {
      const results: ComponentRenderResult[] = [];
      for (const component of plan.components) {
        check(options.deadline, options.signal, 'render');
        results.push(renderComponent(plan, component));
        await yieldToEventLoop();
      }
      check(options.deadline, options.signal, 'assemble');
      const artifact = await assembleBundle(plan, results);
      check(options.deadline, options.signal, 'assemble');
      return artifact;
    },
    async status() {
      return 'ok' as const;
    },
    async close() {},
  };
}
