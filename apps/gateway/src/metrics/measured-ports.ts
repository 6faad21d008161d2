/**
 * The gateway's two ports wrapped to feed the recipe and bundle histograms (API.md §8.8). A
 * wrapper rather than code in the routes, so every route and mode (in process, split, queue) is
 * timed the same way, from the gateway's point of view.
 */
import type { BundleRunner, RecipeSource } from '@aicr/contracts';
import type { GatewayMetrics } from '@aicr/platform';

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export function measuredRecipeSource(source: RecipeSource, metrics: GatewayMetrics): RecipeSource {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const start = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      metrics.recipeBuildDuration.observe(seconds(start));
    }
  };
  return {
    resolve: (criteria, signal) => timed(() => source.resolve(criteria, signal)),
    // A query answer is a recipe build plus a selector walk.
    query: (criteria, selector, signal) => timed(() => source.query(criteria, selector, signal)),
    ready: () => source.ready(),
    close: () => source.close(),
  };
}

export function measuredBundleRunner(runner: BundleRunner, metrics: GatewayMetrics): BundleRunner {
  return {
    async run(plan, options) {
      const start = process.hrtime.bigint();
      let outcome = 'failed';
      try {
        const artifact = await runner.run(plan, options);
        outcome = 'completed';
        return artifact;
      } finally {
        metrics.bundleDuration.observe({ outcome }, seconds(start));
      }
    },
    status: () => runner.status(),
    close: () => runner.close(),
  };
}
