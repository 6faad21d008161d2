/**
 * What every benchmark run shares: durations (full or --quick), the criteria and selector under
 * test, and the environment every server gets. Kept apart so the doc can print them verbatim.
 */
export interface Durations {
  warmupSec: number;
  measureSec: number;
  fixedRateSec: number;
  connections: number;
  bundleWarmup: number;
  bundleSamples: number;
}

export const FULL: Durations = { warmupSec: 3, measureSec: 10, fixedRateSec: 10, connections: 10, bundleWarmup: 5, bundleSamples: 40 };
export const QUICK: Durations = { warmupSec: 1, measureSec: 3, fixedRateSec: 3, connections: 10, bundleWarmup: 2, bundleSamples: 10 };

/** A leaf environment of our catalog (the most overlays on one chain). */
export const LEAF_QUERY = 'service=eks&accelerator=h100&intent=training&os=ubuntu';
export const DEEP_SELECTOR = 'components.gpu-operator.values.driver.version';
export const FIXED_RATE = 100;
/** The baseline row of baseline-server.mjs's /floor route; the report compares the gateway with it. */
export const FLOOR_ROUTE = 'GET /floor (/body + request id, API and rate-limit headers, log line, metrics)';

/**
 * Server environment for HTTP runs. The rate limiter stays on (its cost is part of the path) but
 * with buckets no loopback benchmark can drain; info logging stays on as in production.
 */
export function serverEnv(recipesDir: string): Record<string, string> {
  return {
    AICR_RECIPES_DIR: recipesDir,
    AICR_RATE_LIMIT: '1000000000',
    AICR_RATE_LIMIT_BURST: '1000000000',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  };
}

/** What the runner hands every server suite: how to start processes, where logs go, run lengths. */
export interface SuiteContext {
  launch: import('./processes').Launch;
  logDir: string;
  recipesDir: string;
  d: Durations;
  log: (msg: string) => void;
}
