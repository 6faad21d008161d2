/**
 * The gateway's series, with upstream aicrd's names, labels and buckets (API.md §8.8), plus the
 * end-to-end bundle histogram [extension]. Definitions only: the gateway's metrics plugin
 * decides what each request records.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const RECIPE_BUILD_BUCKETS = [1, 5, 10, 30, 60, 120, 300];
/** A bundle takes from tens of ms (in process) to the 60 s deadline (queue wait included). */
export const BUNDLE_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface GatewayMetrics {
  httpRequests: Counter<'method' | 'path' | 'status'>;
  httpDuration: Histogram<'method' | 'path'>;
  inFlight: Gauge;
  rateLimitRejects: Counter;
  panicRecoveries: Counter;
  recipeBuildDuration: Histogram;
  recipeCacheMisses: Counter;
  bundleDuration: Histogram<'outcome'>;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  return {
    httpRequests: new Counter({
      name: 'aicr_http_requests_total',
      help: 'Total number of HTTP requests',
      labelNames: ['method', 'path', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'aicr_http_request_duration_seconds',
      help: 'HTTP request latency in seconds',
      labelNames: ['method', 'path'],
      buckets: HTTP_DURATION_BUCKETS,
      registers,
    }),
    inFlight: new Gauge({ name: 'aicr_http_requests_in_flight', help: 'Current number of HTTP requests being processed', registers }),
    rateLimitRejects: new Counter({ name: 'aicr_rate_limit_rejects_total', help: 'Total number of requests rejected due to rate limiting', registers }),
    panicRecoveries: new Counter({ name: 'aicr_panic_recoveries_total', help: 'Total number of recovered panics (unhandled exceptions turned into 500)', registers }),
    recipeBuildDuration: new Histogram({
      name: 'aicr_recipe_build_duration_seconds',
      help: 'Time to build a recipe (or a query answer) in seconds',
      buckets: RECIPE_BUILD_BUCKETS,
      registers,
    }),
    recipeCacheMisses: new Counter({ name: 'aicr_recipe_cache_misses_total', help: 'Recipe data (re)loads', registers }),
    bundleDuration: new Histogram({
      name: 'aicr_bundle_duration_seconds',
      help: 'Time from a validated bundle request to its zip (queue wait included), by outcome',
      labelNames: ['outcome'],
      buckets: BUNDLE_DURATION_BUCKETS,
      registers,
    }),
  };
}
